import assert from 'node:assert/strict';
import { test } from 'node:test';
import erfc from '@stdlib/math-base-special-erfc';
import { fillStandardNormal } from '../../src/infer/normal.js';
import { RandomStream } from '../../src/random/stream.js';

const phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

test('ziggurat deviates follow N(0, 1): Kolmogorov–Smirnov, moments and the tail beyond the base strip', () => {
  const n = 200_000;
  const x = new Float64Array(n);
  fillStandardNormal(new RandomStream(42, 7), x);
  let m1 = 0;
  let m2 = 0;
  let m4 = 0;
  let tail = 0;
  for (const v of x) {
    m1 += v;
    m2 += v * v;
    m4 += v ** 4;
    if (Math.abs(v) > 3.442619855899) tail++;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  // Sampling sds of the moments of N(0,1): 1/√n, √(2/n), √(96/n).
  assert.ok(Math.abs(m1) < 4 / Math.sqrt(n), `mean ${m1}`);
  assert.ok(Math.abs(m2 - 1) < 4 * Math.sqrt(2 / n), `variance ${m2}`);
  assert.ok(Math.abs(m4 - 3) < 4 * Math.sqrt(96 / n), `fourth moment ${m4}`);
  // The tail (|x| > R, drawn by Marsaglia's tail method) against 2Φ(−R), binomial sd.
  const pTail = 2 * phi(-3.442619855899);
  assert.ok(Math.abs(tail - n * pTail) < 4 * Math.sqrt(n * pTail), `tail count ${tail} vs ${n * pTail}`);
  // KS distance against Φ; 1.95/√n is the 0.1% critical value.
  const s = Float64Array.from(x).sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = phi(s[i]);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  assert.ok(d < 1.95 / Math.sqrt(n), `KS distance ${d}`);
});

test('ziggurat layer boundaries: the wedge regions carry the right mass', () => {
  // P(a < |x| < b) for bands that fall in the wedges of outer layers, against Φ: binned χ² over 40 bands.
  const n = 400_000;
  const x = new Float64Array(n);
  fillStandardNormal(new RandomStream(43, 7), x);
  const edges = Array.from({ length: 41 }, (_, i) => (i * 4) / 40);
  const counts = new Float64Array(41);
  for (const v of x) {
    const a = Math.abs(v);
    counts[a >= 4 ? 40 : Math.floor(a * 10)]++;
  }
  let chi2 = 0;
  for (let k = 0; k <= 40; k++) {
    const lo = edges[k];
    const hi = k < 40 ? edges[k + 1] : Number.POSITIVE_INFINITY;
    const e = n * 2 * (phi(hi) - phi(lo));
    chi2 += (counts[k] - e) ** 2 / e;
  }
  // χ² with 40 degrees of freedom: 0.1% critical value 73.4.
  assert.ok(chi2 < 73.4, `chi2 ${chi2}`);
});
