/**
 * UMAP's low-dimensional similarity 1 / (1 + a·d^(2b)) is fitted to the target curve
 * (1 below minDist, exp(−(d − minDist)/spread) beyond) on 300 points in [0, 3·spread], as
 * umap-learn's find_ab_params does with scipy's curve_fit. Levenberg–Marquardt on (a, b).
 */
export function findAB(spread: number, minDist: number): { a: number; b: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let index = 0; index < 300; index++) {
    const x = (3 * spread * index) / 299;
    xs.push(x);
    ys.push(x < minDist ? 1 : Math.exp(-(x - minDist) / spread));
  }
  let a = 1;
  let b = 1;
  let damping = 1e-3;
  let error = squaredError(xs, ys, a, b);
  for (let iteration = 0; iteration < 200; iteration++) {
    // Normal equations JᵀJ·δ = −Jᵀr of the residuals r = f(x) − y.
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let index = 0; index < xs.length; index++) {
      const x = xs[index];
      if (x <= 0) continue;
      const u = Math.pow(x, 2 * b);
      const f = 1 / (1 + a * u);
      const residual = f - ys[index];
      const da = -u * f * f;
      const db = -a * u * 2 * Math.log(x) * f * f;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * residual;
      gb += db * residual;
    }
    const aa = jaa * (1 + damping);
    const bb = jbb * (1 + damping);
    const determinant = aa * bb - jab * jab;
    if (!(Math.abs(determinant) > 0)) break;
    const stepA = -(bb * ga - jab * gb) / determinant;
    const stepB = -(aa * gb - jab * ga) / determinant;
    const candidate = squaredError(xs, ys, a + stepA, b + stepB);
    if (a + stepA > 0 && b + stepB > 0 && candidate < error) {
      a += stepA;
      b += stepB;
      const improvement = error - candidate;
      error = candidate;
      damping = Math.max(damping / 10, 1e-12);
      if (improvement < 1e-14 * Math.max(error, 1e-300)) break;
    } else {
      damping *= 10;
      if (damping > 1e12) break;
    }
  }
  return { a, b };
}

function squaredError(xs: readonly number[], ys: readonly number[], a: number, b: number): number {
  let sum = 0;
  for (let index = 0; index < xs.length; index++) {
    const f = 1 / (1 + a * Math.pow(xs[index], 2 * b));
    sum += (f - ys[index]) ** 2;
  }
  return sum;
}
