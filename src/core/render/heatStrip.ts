/**
 * A vector as a strip of coloured cells, blue for negative, red for positive, pale for
 * near zero: every dimension of a 768- or 12,288-long vector at a glance. Long vectors
 * are shown as the mean of consecutive groups of dimensions.
 */
export interface HeatStripOptions {
  /** Most cells drawn; longer vectors are averaged down to this many. Default 192. */
  readonly maxCells?: number;
  readonly width?: number;
  readonly height?: number;
  /** |value| drawn at full colour; default the vector's own largest |value|. Share it to compare vectors. */
  readonly scale?: number;
}

export function heatStripSvg(vector: ArrayLike<number>, options: HeatStripOptions = {}): string {
  const { width = 384, height = 14 } = options;
  const cells = Math.max(1, Math.min(vector.length, options.maxCells ?? 192));
  const means = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const from = Math.floor((cell * vector.length) / cells);
    const to = Math.max(from + 1, Math.floor(((cell + 1) * vector.length) / cells));
    let sum = 0;
    for (let i = from; i < to; i++) sum += vector[i];
    means[cell] = sum / (to - from);
  }
  const scale = options.scale ?? largestMagnitude(means);
  const cellWidth = width / cells;
  let rects = '';
  for (let cell = 0; cell < cells; cell++) {
    const x = (cell * cellWidth).toFixed(2);
    rects += `<rect x="${x}" y="0" width="${(cellWidth + 0.05).toFixed(2)}" height="${height}" fill="${divergingColour(means[cell], scale)}"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rects}</svg>`;
}

/** The strip as a `data:` URI for Markdown images. */
export function heatStripDataUri(vector: ArrayLike<number>, options?: HeatStripOptions): string {
  return `data:image/svg+xml;base64,${btoa(heatStripSvg(vector, options))}`;
}

/** The largest finite |value| (weights files can hold NaN or ±Infinity; those are drawn apart). */
export function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    if (magnitude > largest && magnitude !== Infinity) largest = magnitude;
  }
  return largest;
}

const NEGATIVE = [33, 102, 172];
const ZERO = [247, 247, 247];
const POSITIVE = [178, 24, 43];

const NOT_A_NUMBER = '#808080';

/** Blue → near-white → red, as `#rrggbb`; ±Infinity at the ends, NaN grey. */
export function divergingColour(value: number, scale: number): string {
  if (Number.isNaN(value)) return NOT_A_NUMBER;
  const t = Math.abs(value) === Infinity ? Math.sign(value) : scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const amount = Math.abs(t);
  return `#${ZERO.map((zero, i) => Math.round(zero + (end[i] - zero) * amount).toString(16).padStart(2, '0')).join('')}`;
}
