/**
 * The fixed position encoding of "Attention Is All You Need" (Vaswani et al., 2017, §3.5):
 *   PE(pos, 2i) = sin(pos / 10000^(2i/d)),  PE(pos, 2i+1) = cos(pos / 10000^(2i/d)).
 * Nothing is learned; every position has a vector, computed in double precision and stored as float32.
 */
export function fillSinusoidalRow(position: number, out: Float32Array, offset: number, dimension: number): void {
  for (let column = 0; column < dimension; column += 2) {
    const angle = position / Math.pow(10000, column / dimension);
    out[offset + column] = Math.sin(angle);
    if (column + 1 < dimension) out[offset + column + 1] = Math.cos(angle);
  }
}

export function sinusoidalPositionVector(position: number, dimension: number): Float32Array {
  const row = new Float32Array(dimension);
  fillSinusoidalRow(position, row, 0, dimension);
  return row;
}
