/**
 * One-sample goodness-of-fit tests of data against a continuous model CDF: Kolmogorov–Smirnov and
 * Anderson–Darling, with asymptotic p-values (used to compare the model's SPT-DSFG redshift
 * distribution with the measured one, docs/validation.md §3).
 */

/** Kolmogorov distribution tail Q(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²} (Numerical Recipes §14.3.3). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let s = 0;
  for (let k = 1; k <= 100; k++) s += 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
  return Math.min(Math.max(s, 0), 1);
}

/**
 * Asymptotic Anderson–Darling CDF P(A² < z) (Marsaglia & Marsaglia 2004, J. Stat. Softw. 9(2), "adinf";
 * |error| < 2e-6); the finite-n correction is < 0.001 for n ≳ 80 and is omitted.
 */
export function adInfCdf(z: number): number {
  if (z <= 0) return 0;
  if (z < 2)
    return (
      (Math.exp(-1.2337141 / z) / Math.sqrt(z)) *
      (2.00012 + (0.247105 - (0.0649821 - (0.0347962 - (0.011672 - 0.00168691 * z) * z) * z) * z) * z)
    );
  return Math.exp(-Math.exp(1.0776 - (2.30695 - (0.43424 - (0.082433 - (0.008056 - 0.0003146 * z) * z) * z) * z) * z));
}

export interface OneSampleTestResult {
  /** KS statistic D = sup |F_n − F|. */
  ksD: number;
  /** KS p-value (Kolmogorov tail with Stephens' 1970 small-sample factor). */
  ksP: number;
  /** Anderson–Darling statistic A². */
  ad: number;
  /** AD p-value from the asymptotic distribution. */
  adP: number;
}

/**
 * One-sample KS and AD tests of `data` against a continuous CDF. KS p from the Kolmogorov tail with
 * Stephens' (1970) small-sample factor λ = (√n + 0.12 + 0.11/√n) D.
 */
export function oneSampleTests(data: readonly number[], cdf: (x: number) => number): OneSampleTestResult {
  const x = [...data].sort((a, b) => a - b);
  const n = x.length;
  let d = 0;
  let a2 = 0;
  const eps = 1e-12;
  for (let i = 0; i < n; i++) {
    const f = cdf(x[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
    const fi = Math.min(Math.max(f, eps), 1 - eps);
    const fj = Math.min(Math.max(cdf(x[n - 1 - i]), eps), 1 - eps);
    a2 += (2 * i + 1) * (Math.log(fi) + Math.log(1 - fj));
  }
  a2 = -n - a2 / n;
  const sn = Math.sqrt(n);
  return { ksD: d, ksP: kolmogorovQ((sn + 0.12 + 0.11 / sn) * d), ad: a2, adP: 1 - adInfCdf(a2) };
}

/**
 * The redshift CDF of a selection counted per model shell (`perShell[s]` sources in [zLo[s], zHi[s]),
 * uniform in z within a shell), restricted to shells starting at z ≥ zMin: a piecewise-linear CDF
 * and the total count it is normalised by.
 */
export function shellRedshiftCdf(
  zLo: ArrayLike<number>,
  zHi: ArrayLike<number>,
  perShell: ArrayLike<number>,
  zMin: number,
): { cdf: (z: number) => number; total: number; median: number } {
  const n = perShell.length;
  let total = 0;
  for (let s = 0; s < n; s++) if (zLo[s] >= zMin - 1e-9) total += perShell[s];
  const cdf = (z: number) => {
    let c = 0;
    for (let s = 0; s < n; s++) {
      if (zLo[s] < zMin - 1e-9) continue;
      if (z >= zHi[s]) c += perShell[s];
      else {
        if (z > zLo[s]) c += (perShell[s] * (z - zLo[s])) / (zHi[s] - zLo[s]);
        break;
      }
    }
    return c / total;
  };
  let lo = zMin;
  let hi = zHi[n - 1];
  for (let k = 0; k < 60; k++) {
    const m = 0.5 * (lo + hi);
    if (cdf(m) < 0.5) lo = m;
    else hi = m;
  }
  return { cdf, total, median: 0.5 * (lo + hi) };
}
