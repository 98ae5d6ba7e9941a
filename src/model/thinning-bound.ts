/**
 * Upper bound of the clustered thinning rate over one sky cell (clustering.ts). Inside a cell the
 * field is the bilinear interpolation of its four corners: with w the bilinear weights (w ≥ 0,
 * Σ w = 1), g(x) = wᵀG and its variance v(x) = wᵀCw (C the corners' covariance), and a tracer of bias b
 * is kept with probability ρ_b(x)/λ, ρ_b = exp(b g − b² v / 2). Thinning is exact only if λ ≥ ρ_b over
 * the whole cell and every bias of the class drawn with that λ.
 *
 * The cheap bound pairs the largest corner g with the smallest covariance entry, which for very
 * biased halos (b ≳ 10 at z ≳ 4) overshoots by up to e^15. The tight bound relaxes the bilinear
 * weights to the whole simplex (a superset, so still an upper bound) and, for b in [bA, bB], uses the
 * concavity of h(b) = b a − b² c / 2 (a = wᵀG, c = wᵀCw ≥ 0): h(b) ≤ max(h(bA), h(bA) + h'(bA)(bB − bA)),
 * i.e. the larger of two concave quadratic programs over the simplex,
 *   max_w  β wᵀG − γ wᵀCw   with (β, γ) = (bA, bA²/2) and (bB, bA·bB − bA²/2),
 * each solved exactly by its KKT conditions on every face of the simplex (15 faces of 4 corners; a face
 * whose system is singular has its maximum on a smaller face, which is enumerated too).
 */

/**
 * The quadratic programs (≈ 2 µs) are solved only when the cheap bound would draw at least this many
 * candidates on average (each costs ≈ 50 ns to reject); below it the cheap bound is used as it is.
 */
const QP_WORTH_CANDIDATES = 20;
/** Added to the bound's exponent: covers rounding in the face solutions. */
const SLACK = 1e-6;

/**
 * max over w in the simplex of β wᵀG − γ wᵀCw (C symmetric positive semi-definite, row-major 4 × 4,
 * γ ≥ 0).
 */
const IDX = new Int32Array(4);
const SYSTEM = new Float64Array(25);
const RHS = new Float64Array(5);

export function simplexQpMax(G: ArrayLike<number>, C: ArrayLike<number>, beta: number, gamma: number): number {
  let best = Number.NEGATIVE_INFINITY;
  const idx = IDX;
  const a = SYSTEM;
  const x = RHS;
  for (let mask = 1; mask < 16; mask++) {
    let m = 0;
    for (let i = 0; i < 4; i++) if (mask & (1 << i)) idx[m++] = i;
    // KKT on the face: 2γ C_S w + μ 1 = β G_S, 1ᵀ w = 1; unknowns (w, μ), n = m + 1.
    const n = m + 1;
    let scale = 1;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        const v = 2 * gamma * C[idx[r] * 4 + idx[c]];
        a[r * n + c] = v;
        scale = Math.max(scale, Math.abs(v));
      }
      a[r * n + m] = 1;
      x[r] = beta * G[idx[r]];
    }
    for (let c = 0; c < m; c++) a[m * n + c] = 1;
    a[m * n + m] = 0;
    x[m] = 1;
    if (!solveInPlace(a, x, n, 1e-13 * scale)) continue;
    let feasible = true;
    for (let r = 0; r < m; r++) if (x[r] < -1e-12) feasible = false;
    if (!feasible) continue;
    let lin = 0;
    let quad = 0;
    for (let r = 0; r < m; r++) {
      const wr = Math.max(0, x[r]);
      lin += wr * G[idx[r]];
      for (let c = 0; c < m; c++) quad += wr * Math.max(0, x[c]) * C[idx[r] * 4 + idx[c]];
    }
    best = Math.max(best, beta * lin - gamma * quad);
  }
  return best;
}

/** Gaussian elimination with partial pivoting on the n × n system in `a` (row-major); x ← solution. */
function solveInPlace(a: Float64Array, x: Float64Array, n: number, tiny: number): boolean {
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[piv * n + col])) piv = r;
    if (!(Math.abs(a[piv * n + col]) > tiny)) return false;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = a[col * n + c];
        a[col * n + c] = a[piv * n + c];
        a[piv * n + c] = t;
      }
      const t = x[col];
      x[col] = x[piv];
      x[piv] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / a[col * n + col];
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r * n + c] -= f * a[col * n + c];
      x[r] -= f * x[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let c = r + 1; c < n; c++) s -= a[r * n + c] * x[c];
    x[r] = s / a[r * n + r];
  }
  return true;
}

/**
 * λ ≥ exp(b g(x) − b² v(x)/2) over the cell and b ∈ [bA, bB] (0 < bA ≤ bB): the cheap bound
 * exp(b* gMax − b*² vLo/2) (b* = gMax/vLo clamped to the class; vLo ≤ every entry of C), or, where it
 * would draw at least QP_WORTH_CANDIDATES candidates (`expectedHalos` × bound), the smaller of it and
 * the simplex bound of the module comment. G: the corner values in the order of C's rows.
 * @example cellRateBound([0.5, 0.44, 0.19, 0.17], C, 0.0072, 3.1, 69, 1) // ≪ the cheap e^17
 */
export function cellRateBound(
  G: ArrayLike<number>,
  C: ArrayLike<number>,
  vLo: number,
  bA: number,
  bB: number,
  expectedHalos = Number.POSITIVE_INFINITY,
): number {
  const gMax = Math.max(G[0], G[1], G[2], G[3]);
  const bs = Math.min(bB, Math.max(bA, vLo > 0 ? gMax / vLo : bB));
  const cheap = Math.exp(bs * gMax - 0.5 * bs * bs * vLo);
  if (cheap <= 1 || expectedHalos * cheap < QP_WORTH_CANDIDATES) return cheap;
  const e1 = simplexQpMax(G, C, bA, 0.5 * bA * bA);
  const e2 = simplexQpMax(G, C, bB, bA * bB - 0.5 * bA * bA);
  return Math.min(cheap, Math.exp(Math.max(e1, e2) + SLACK));
}
