/** The final 2-D layout: centering and uniform scaling into [-1, 1]. */
export interface Layout {
  readonly points: Float32Array;
  readonly scale: number;
}

/**
 * Copies `rows × 2` coordinates into a Float32Array; when `normalize`, centers them and scales
 * uniformly so the largest |coordinate| is 1 (all-equal points stay at the origin).
 */
export function finishLayout(coordinates: ArrayLike<number>, rows: number, normalize: boolean): Layout {
  const points = new Float32Array(rows * 2);
  if (!normalize) {
    for (let index = 0; index < rows * 2; index++) points[index] = coordinates[index];
    return { points, scale: 1 };
  }
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < rows; i++) {
    meanX += coordinates[2 * i];
    meanY += coordinates[2 * i + 1];
  }
  meanX /= Math.max(rows, 1);
  meanY /= Math.max(rows, 1);
  let extent = 0;
  for (let i = 0; i < rows; i++) {
    extent = Math.max(extent, Math.abs(coordinates[2 * i] - meanX), Math.abs(coordinates[2 * i + 1] - meanY));
  }
  // Below this the spread is rounding noise, e.g. from a constant input.
  const scale = extent > 1e-300 ? 1 / extent : 1;
  for (let i = 0; i < rows; i++) {
    points[2 * i] = extent > 1e-300 ? (coordinates[2 * i] - meanX) * scale : 0;
    points[2 * i + 1] = extent > 1e-300 ? (coordinates[2 * i + 1] - meanY) * scale : 0;
  }
  return { points, scale };
}
