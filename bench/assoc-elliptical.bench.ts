// Cost of one k-way Bayes factor: the bivariate-Gaussian kernel (elliptical.ts) against the
// circular B&S08 formula (bayes-factor.ts), k = 2, 3, 4, over fixed random members (seeded).
// Usage: node --import tsx bench/assoc-elliptical.bench.ts [calls=2e6]
import { log10BayesFactorCircular } from '../src/assoc/bayes-factor.js';
import { ellipseToCovariance, lnBayesFactorGaussianFlat } from '../src/assoc/elliptical.js';
import { RandomStream } from '../src/random/index.js';

const calls = Number(process.argv[2] ?? 2e6);
const rng = new RandomStream(42);
const SETS = 1024;
console.log('| k | elliptical [ns/call] | circular [ns/call] |');
console.log('|---|---|---|');
for (const k of [2, 3, 4]) {
  const e = new Float64Array(SETS * k);
  const n = new Float64Array(SETS * k);
  const ve = new Float64Array(SETS * k);
  const vn = new Float64Array(SETS * k);
  const c = new Float64Array(SETS * k);
  const w = new Float64Array(SETS * k);
  const psi2 = new Float64Array(SETS * k * k);
  for (let s = 0; s < SETS; s++)
    for (let m = 0; m < k; m++) {
      const i = s * k + m;
      e[i] = 10 * rng.uniform();
      n[i] = 10 * rng.uniform();
      const a = 0.5 + 3 * rng.uniform();
      const cov = ellipseToCovariance(a, a * (0.2 + 0.8 * rng.uniform()), 180 * rng.uniform());
      ve[i] = cov.varEastArcsec2;
      vn[i] = cov.varNorthArcsec2;
      c[i] = cov.covEastNorthArcsec2;
      w[i] = 1 / (0.5 * (ve[i] + vn[i]));
      for (let j = 0; j < m; j++) psi2[s * k * k + j * k + m] = (e[i] - e[s * k + j]) ** 2 + (n[i] - n[s * k + j]) ** 2;
    }
  const views = Array.from({ length: SETS }, (_, s) => ({
    e: e.subarray(s * k, s * k + k),
    n: n.subarray(s * k, s * k + k),
    ve: ve.subarray(s * k, s * k + k),
    vn: vn.subarray(s * k, s * k + k),
    c: c.subarray(s * k, s * k + k),
    w: w.subarray(s * k, s * k + k),
    psi2: psi2.subarray(s * k * k, (s + 1) * k * k),
  }));
  let sink = 0;
  const time = (f: (v: (typeof views)[number]) => number) => {
    for (let i = 0; i < 1e5; i++) sink += f(views[i & (SETS - 1)]);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += f(views[i & (SETS - 1)]);
    return Number(process.hrtime.bigint() - t0) / calls;
  };
  const ell = time((v) => lnBayesFactorGaussianFlat(k, v.e, v.n, v.ve, v.vn, v.c));
  const circ = time((v) => log10BayesFactorCircular(k, v.w, v.psi2));
  console.log(`| ${k} | ${ell.toFixed(1)} | ${circ.toFixed(1)} |${Number.isFinite(sink) ? '' : ' '}`);
}
