import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ARCSEC_PER_RAD,
  type Covariance2,
  circularCovariance,
  covarianceToEllipse,
  ellipseToCovariance,
  lnBayesFactorGaussian,
  logBayesFactorGaussian,
  tangentOffsetArcsec,
} from '../../src/assoc/elliptical.js';

// Gauss–Kronrod 7/15 nodes and weights (Kronrod 1965; the values tabulated in QUADPACK, Piessens et al. 1983).
const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0,
];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

function gk15(f: (x: number) => number, a: number, b: number): { k: number; g: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = WGK[7] * fc;
  let g = WG[3] * fc;
  for (let j = 0; j < 7; j++) {
    const s = f(c - h * XGK[j]) + f(c + h * XGK[j]);
    k += WGK[j] * s;
    if (j % 2 === 1) g += WG[(j - 1) / 2] * s;
  }
  return { k: k * h, g: g * h };
}

/** Adaptive bisection on the Kronrod–Gauss difference, with an absolute tolerance per unit length. */
function adaptive(f: (x: number) => number, a: number, b: number, absTolPerLength: number, depth = 0): number {
  // Start from 16 panels so that a narrow peak cannot hide between the nodes of both rules.
  if (depth === 0) {
    let s = 0;
    for (let i = 0; i < 16; i++)
      s += adaptive(f, a + ((b - a) * i) / 16, a + ((b - a) * (i + 1)) / 16, absTolPerLength, 1);
    return s;
  }
  const { k, g } = gk15(f, a, b);
  // Stop at the requested accuracy, or at round-off level of this panel's value.
  if (Math.abs(k - g) <= Math.max(absTolPerLength * (b - a), 1e-15 * Math.abs(k)) || depth > 30) return k;
  const m = 0.5 * (a + b);
  return adaptive(f, a, m, absTolPerLength, depth + 1) + adaptive(f, m, b, absTolPerLength, depth + 1);
}

/** ∫∫ f over a box, nested adaptive Gauss–Kronrod, to about relTol of the integral. */
function integrate2d(
  f: (x: number, y: number) => number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  relTol: number,
): number {
  const area = (x1 - x0) * (y1 - y0);
  // A total absolute error `tol`: inner integrals to tol/(x1−x0) each, the outer one to tol.
  const pass = (tol: number) => adaptive((x) => adaptive((y) => f(x, y), y0, y1, tol / area), x0, x1, tol / (x1 - x0));
  // A rough pass with a tolerance tied to the integrand's peak sets the absolute scale of the fine pass.
  let peak = 0;
  for (let i = 0; i <= 64; i++)
    for (let j = 0; j <= 64; j++) peak = Math.max(peak, f(x0 + ((x1 - x0) * i) / 64, y0 + ((y1 - y0) * j) / 64));
  const rough = pass(1e-7 * peak * area);
  return pass(relTol * Math.abs(rough));
}

/** Direct 2-D Gaussian density N(x | m, Σ), arcsec⁻². */
function gaussDensity(dx: number, dy: number, c: Covariance2): number {
  const det = c.varEastArcsec2 * c.varNorthArcsec2 - c.covEastNorthArcsec2 ** 2;
  const q = (c.varNorthArcsec2 * dx * dx - 2 * c.covEastNorthArcsec2 * dx * dy + c.varEastArcsec2 * dy * dy) / det;
  return Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
}

/** ln BF by numerical integration: (4π)^(k−1) ∫ Π N(x_i | m, Σ_i) dm with m in sr (B&S08 eq. 18). */
function lnBfByQuadrature(members: { eastArcsec: number; northArcsec: number; cov: Covariance2 }[]): number {
  const k = members.length;
  let maxSig = 0;
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (const m of members) {
    maxSig = Math.max(maxSig, Math.sqrt(m.cov.varEastArcsec2), Math.sqrt(m.cov.varNorthArcsec2));
    lo = [Math.min(lo[0], m.eastArcsec), Math.min(lo[1], m.northArcsec)];
    hi = [Math.max(hi[0], m.eastArcsec), Math.max(hi[1], m.northArcsec)];
  }
  const pad = 14 * maxSig;
  const f = (x: number, y: number) => {
    let p = 1;
    for (const m of members) p *= gaussDensity(m.eastArcsec - x, m.northArcsec - y, m.cov);
    return p;
  };
  const integral = integrate2d(f, lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad, 1e-11);
  return (k - 1) * (Math.log(4 * Math.PI) + 2 * Math.log(ARCSEC_PER_RAD)) + Math.log(integral);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('quadrature self-check: ∫∫ a correlated Gaussian density over a wide box is 1', () => {
  const c = ellipseToCovariance(3, 0.5, 37);
  const v = integrate2d((x, y) => gaussDensity(x - 0.3, y + 0.2, c), -45, 45, -45, 45, 1e-11);
  assert.ok(Math.abs(v - 1) < 1e-10, `integral ${v}`);
});

test('k-way elliptical Bayes factor equals direct numerical integration to 1e-8 relative (k = 2, 3, 4)', () => {
  const rnd = mulberry32(20260117);
  for (const k of [2, 3, 4]) {
    for (let trial = 0; trial < 4; trial++) {
      const members = [];
      for (let i = 0; i < k; i++) {
        const a = 0.5 + 4 * rnd();
        const b = a * (0.15 + 0.85 * rnd());
        const cov = ellipseToCovariance(a, b, 180 * rnd());
        members.push({ eastArcsec: (rnd() - 0.5) * 2 * a, northArcsec: (rnd() - 0.5) * 2 * a, cov });
      }
      const closed = lnBayesFactorGaussian(members);
      const quad = lnBfByQuadrature(members);
      // |Δ ln BF| is the relative error of BF.
      assert.ok(Math.abs(closed - quad) < 1e-8, `k=${k} trial ${trial}: closed ${closed} quadrature ${quad}`);
      assert.ok(Math.abs(logBayesFactorGaussian(members) - closed / Math.LN10) < 1e-14 * Math.abs(closed));
    }
  }
});

/** Budavári & Szalay 2008 eq. 18 with circular errors, as written in design/nway.md §2.2. */
function lnBfCircular(sigmas: number[], sepArcsec: (i: number, j: number) => number): number {
  const n = sigmas.length;
  const w = sigmas.map((s) => 1 / (s * s));
  const W = w.reduce((x, y) => x + y, 0);
  let q = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) q += w[i] * w[j] * sepArcsec(i, j) ** 2;
  return (
    (n - 1) * Math.log(2) +
    2 * (n - 1) * Math.log(ARCSEC_PER_RAD) +
    w.reduce((s, x) => s + Math.log(x), 0) -
    Math.log(W) -
    q / (2 * W)
  );
}

test('circular covariances reduce exactly to the circular B&S08 formula', () => {
  const rnd = mulberry32(7);
  for (const k of [2, 3, 4, 5]) {
    for (let trial = 0; trial < 20; trial++) {
      const sig = Array.from({ length: k }, () => 0.1 + 8 * rnd());
      const pos = Array.from({ length: k }, () => [(rnd() - 0.5) * 30, (rnd() - 0.5) * 30]);
      const members = pos.map((p, i) => ({ eastArcsec: p[0], northArcsec: p[1], cov: circularCovariance(sig[i]) }));
      const ell = lnBayesFactorGaussian(members);
      const circ = lnBfCircular(sig, (i, j) => Math.hypot(pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]));
      assert.ok(Math.abs(ell - circ) <= 1e-12 * Math.max(1, Math.abs(circ)), `k=${k}: ${ell} vs ${circ}`);
    }
  }
});

test("NWAY's worked example (design/nway.md §2.2, spt3_a1 SPT 1 with FIR 1423): log10 BF = 8.691391", () => {
  const v = logBayesFactorGaussian([
    { eastArcsec: 0, northArcsec: 0, cov: circularCovariance(8.206641) },
    { eastArcsec: 10.801848, northArcsec: 0, cov: circularCovariance(4.9240785) },
  ]);
  assert.ok(Math.abs(v - 8.691391) < 2e-6, `${v}`);
});

test('a true Gaussian favours offsets along the long axis (design/nway.md §2.3 numbers)', () => {
  // σ_RA = 10″, σ_Dec = 1″ against a 0.1″ source: χ² = 1.0 along RA, ≈ 99 along Dec.
  const wide = { varEastArcsec2: 100, varNorthArcsec2: 1, covEastNorthArcsec2: 0 };
  const tight = circularCovariance(0.1);
  const alongRa = logBayesFactorGaussian([
    { eastArcsec: 0, northArcsec: 0, cov: wide },
    { eastArcsec: 10, northArcsec: 0, cov: tight },
  ]);
  const alongDec = logBayesFactorGaussian([
    { eastArcsec: 0, northArcsec: 0, cov: wide },
    { eastArcsec: 0, northArcsec: 10, cov: tight },
  ]);
  // Exact values: log10[2/√((100.01)(1.01)) · ARCSEC_PER_RAD² · exp(−χ²/2)] with χ² = 100/100.01 and 100/1.01.
  const base = Math.log10(2 / Math.sqrt(100.01 * 1.01)) + 2 * Math.log10(ARCSEC_PER_RAD);
  assert.ok(Math.abs(alongRa - (base - (0.5 * 100) / 100.01 / Math.LN10)) < 1e-12);
  assert.ok(Math.abs(alongDec - (base - (0.5 * 100) / 1.01 / Math.LN10)) < 1e-12);
  assert.ok(Math.abs(alongRa - 9.71) < 0.01 && Math.abs(alongDec + 11.6) < 0.05, `${alongRa} ${alongDec}`);
});

test('ellipse ↔ covariance: PA measured east of north, round trip', () => {
  const north = ellipseToCovariance(3, 1, 0);
  assert.ok(Math.abs(north.varNorthArcsec2 - 9) < 1e-12 && Math.abs(north.varEastArcsec2 - 1) < 1e-12);
  const east = ellipseToCovariance(3, 1, 90);
  assert.ok(Math.abs(east.varEastArcsec2 - 9) < 1e-12 && Math.abs(east.covEastNorthArcsec2) < 1e-12);
  // PA 45: major axis towards north-east, positive east–north covariance.
  assert.ok(ellipseToCovariance(3, 1, 45).covEastNorthArcsec2 > 0);
  for (const [a, b, pa] of [
    [3, 1, 10],
    [5, 0.5, 123.4],
    [2, 1.9, 179],
  ]) {
    const e = covarianceToEllipse(ellipseToCovariance(a, b, pa));
    assert.ok(
      Math.abs(e.aArcsec - a) < 1e-12 && Math.abs(e.bArcsec - b) < 1e-12 && Math.abs(e.paDeg - pa) < 1e-9,
      JSON.stringify(e),
    );
  }
});

test('tangent offsets keep the great-circle distance and the position angle', () => {
  // 10″ due east at Dec 60 is a RA step of 10/cos(60°) arcsec (to first order).
  const o = tangentOffsetArcsec(150, 60, 150 + 20 / 3600, 60);
  assert.ok(Math.abs(o.northArcsec) < 1e-3 && Math.abs(o.eastArcsec - 10) < 1e-3, JSON.stringify(o));
  const n = tangentOffsetArcsec(10, -89.99, 10, -89.99 + 5 / 3600);
  assert.ok(Math.abs(n.northArcsec - 5) < 1e-9 && Math.abs(n.eastArcsec) < 1e-9);
  // length equals Vincenty separation
  const p = tangentOffsetArcsec(352.5, -55, 352.505, -54.997);
  const d2r = Math.PI / 180;
  const [a1, d1, a2, d2] = [352.5 * d2r, -55 * d2r, 352.505 * d2r, -54.997 * d2r];
  const sep =
    Math.atan2(
      Math.hypot(
        Math.cos(d2) * Math.sin(a2 - a1),
        Math.cos(d1) * Math.sin(d2) - Math.sin(d1) * Math.cos(d2) * Math.cos(a2 - a1),
      ),
      Math.sin(d1) * Math.sin(d2) + Math.cos(d1) * Math.cos(d2) * Math.cos(a2 - a1),
    ) * ARCSEC_PER_RAD;
  assert.ok(Math.abs(Math.hypot(p.eastArcsec, p.northArcsec) - sep) < 1e-9);
});
