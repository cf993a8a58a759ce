/** How well a space groups tokens that belong together: the measure the built-in table is held to. */
import type { NeighborIndex } from '../embeddings/neighbors';

/**
 * For each member, the share of the group's other members among its k nearest rows (over the
 * whole vocabulary, through the index the hover uses; the denominator is capped at k), averaged
 * over the members.
 */
export async function groupShare(index: NeighborIndex, ids: readonly number[], k: number): Promise<number> {
  let sum = 0;
  for (const id of ids) {
    const nearest = new Set((await index.nearest(id, k)).map((neighbour) => neighbour.id));
    const others = ids.filter((other) => other !== id);
    sum += others.filter((other) => nearest.has(other)).length / Math.min(k, others.length);
  }
  return sum / ids.length;
}
