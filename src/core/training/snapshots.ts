/**
 * A snapshot of the tracked tokens' rows as 2-D points for the moving picture: PCA, with each
 * axis turned (sign flipped) to agree with the previous frame, since PCA's signs are arbitrary and
 * a picture should move, not mirror, between snapshots.
 */
import { project } from '../projection/project';

/** rows × dimension values → rows × 2 points in [-1, 1]; `previous` (same tokens) fixes the signs. */
export function projectSnapshot(rows: Float32Array, count: number, dimension: number, previous: readonly number[] | undefined): number[] {
  if (count < 3) return Array.from({ length: 2 * count }, () => 0);
  const points = Array.from(project({ data: rows, rows: count, dims: dimension }, { method: 'pca', seed: 0 }).points);
  if (!previous || previous.length !== points.length) return points;
  for (const axis of [0, 1]) {
    let agreement = 0;
    for (let i = axis; i < points.length; i += 2) agreement += points[i] * previous[i];
    if (agreement < 0) for (let i = axis; i < points.length; i += 2) points[i] = -points[i];
  }
  return points;
}
