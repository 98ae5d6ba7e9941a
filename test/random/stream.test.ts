import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStream } from '../../src/random/stream.js';

test('a stream is determined by its seed and key, and different keys give different sequences', () => {
  const a = new RandomStream(42, 3, 1234567);
  const b = new RandomStream(42, 3, 1234567);
  const c = new RandomStream(42, 3, 1234568);
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.uniform()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.uniform()),
  );
});

test('uniform, normal and Poisson moments agree with theory within 5 standard errors', () => {
  const r = new RandomStream(7);
  const n = 200000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    su += r.uniform();
    const z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 5 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(sn / n) < 5 / Math.sqrt(n));
  assert.ok(Math.abs(sn2 / n - 1) < 5 * Math.sqrt(2 / n));
  for (const mean of [0.3, 4, 37.5, 1e4]) {
    const m = 50000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < m; i++) {
      const k = r.poisson(mean);
      s += k;
      s2 += k * k;
    }
    const mu = s / m;
    const variance = s2 / m - mu * mu;
    assert.ok(Math.abs(mu - mean) < 5 * Math.sqrt(mean / m), `mean ${mean}: got ${mu}`);
    assert.ok(Math.abs(variance / mean - 1) < 0.05, `variance ${mean}: got ${variance}`);
  }
});
