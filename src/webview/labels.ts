/**
 * Label placement for the plot, pure (unit-tested in Node): greedy, in priority order, on a grid
 * of occupied cells. A label goes right of its point, else left; when both overlap a placed
 * label or leave the canvas, it is skipped.
 */

export interface LabelRequest {
  /** The point, in screen pixels. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where each label went: its box's left edge, or undefined when skipped. */
export type Placement = number | undefined;

const GAP = 5;

export function placeLabels(requests: readonly LabelRequest[], width: number, height: number, cell = 4, limit = 600): Placement[] {
  const columns = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const occupied = new Uint8Array(columns * rows);
  const placements: Placement[] = new Array(requests.length).fill(undefined);
  let placed = 0;
  const free = (left: number, top: number, w: number, h: number): boolean => {
    if (left < 0 || top < 0 || left + w > width || top + h > height) return false;
    const c0 = Math.floor(left / cell);
    const c1 = Math.min(columns - 1, Math.floor((left + w) / cell));
    const r0 = Math.floor(top / cell);
    const r1 = Math.min(rows - 1, Math.floor((top + h) / cell));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (occupied[r * columns + c]) return false;
    for (let r = r0; r <= r1; r++) occupied.fill(1, r * columns + c0, r * columns + c1 + 1);
    return true;
  };
  for (let i = 0; i < requests.length && placed < limit; i++) {
    const { x, y, width: w, height: h } = requests[i];
    const top = y - h / 2;
    for (const left of [x + GAP, x - GAP - w]) {
      if (free(left, top, w, h)) {
        placements[i] = left;
        placed++;
        break;
      }
    }
  }
  return placements;
}
