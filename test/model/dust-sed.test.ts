// The Casey (2012) dust SED of src/model/dust-sed.ts in its optically thin and general-opacity forms,
// checked against the closed-form limits of the modified black body and an independent integral.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dustLnuPerLir, dustSedShape, dustShapeRaw } from '../../src/model/dust-sed.js';

const C_UM_GHZ = 299792.458;
const H_OVER_K = 0.04799243073; // K / GHz
const planckShape = (nu: number, t: number) => nu ** 3 / Math.expm1((H_OVER_K * nu) / t);

test('general-opacity SED: L_nu integrates to L_IR over 8-1000 um (trapezoid in nu)', () => {
  for (const [t, beta, lam0] of [
    [35, 1.8, 100],
    [50, 2.0, 200],
  ]) {
    const shape = dustSedShape(t, beta, 2, lam0);
    let acc = 0;
    const n = 20000;
    const lo = C_UM_GHZ / 1000;
    const hi = C_UM_GHZ / 8;
    const h = (hi - lo) / n;
    for (let i = 0; i <= n; i++) acc += (i === 0 || i === n ? 0.5 : 1) * dustLnuPerLir(shape, lo + i * h) * 1e9 * h;
    assert.ok(Math.abs(acc - 1) < 1e-3, `T=${t} beta=${beta} lambda0=${lam0}: ${acc}`);
  }
});

test('general-opacity SED: optically thin limit far redward of lambda0, Casey 2012 eq. 3 in between', () => {
  const t = 40;
  const beta = 1.8;
  const lam0 = 100;
  const thick = dustSedShape(t, beta, 2, lam0);
  // Redward (λ = 2–3 mm, τ ≤ 0.004): (1 − e^−τ) → τ = (λ0/λ)^β, so L_ν ∝ ν^{3+β}/(e^x − 1), the thin shape.
  const rThin = (nu: number) => dustLnuPerLir(thick, nu) / ((nu ** beta * planckShape(nu, t)) / thick.norm);
  const a = rThin(C_UM_GHZ / 3000);
  const b = rThin(C_UM_GHZ / 2000);
  assert.ok(Math.abs(b / a - 1) < 5e-3, `thin-limit ratio varies: ${a} vs ${b}`);
  // Between the two limits (λ = 250–600 µm ≥ 4.5 λ_c, where the power law is < e^−20 of the MBB):
  // raw shape / Planck shape = 1 − e^{−(λ0/λ)^β} (Casey 2012 eq. 3), here with τ from 0.04 to 2.3.
  for (const lam0b of [100, 400]) {
    const s = dustSedShape(t, beta, 2, lam0b);
    assert.ok(4.5 * s.lambdaCUm < 250, `lambda_c ${s.lambdaCUm}`);
    for (const lam of [250, 400, 600]) {
      const nu = C_UM_GHZ / lam;
      const want = -Math.expm1(-((lam0b / lam) ** beta));
      const got = dustShapeRaw(s, nu) / planckShape(nu, t);
      assert.ok(Math.abs(got / want - 1) < 1e-6, `lambda0 ${lam0b}, ${lam} um: ${got} vs ${want}`);
    }
  }
  // λ0 = 0 is the optically thin form exactly.
  const thin = dustSedShape(t, beta, 2, 0);
  const thinDefault = dustSedShape(t, beta, 2);
  for (const lam of [30, 100, 300, 1000, 3000])
    assert.equal(dustLnuPerLir(thin, C_UM_GHZ / lam), dustLnuPerLir(thinDefault, C_UM_GHZ / lam));
});

test('general opacity moves the SED peak redward at fixed T (Casey 2012 §3)', () => {
  const peakUm = (lam0: number) => {
    const s = dustSedShape(40, 1.8, 2, lam0);
    let best = 0;
    let arg = 0;
    for (let lam = 30; lam <= 400; lam += 0.5) {
      const nu = C_UM_GHZ / lam;
      const v = nu * dustLnuPerLir(s, nu);
      if (v > best) {
        best = v;
        arg = lam;
      }
    }
    return arg;
  };
  const thin = peakUm(0);
  const thick = peakUm(200);
  // Thin: ν L_ν ∝ ν^{4+β}/(e^x − 1) peaks at x = hν/kT solving x = (4 + β)(1 − e^{−x}) (fixed point).
  let x = 5.8;
  for (let i = 0; i < 50; i++) x = 5.8 * (1 - Math.exp(-x));
  const wienUm = (C_UM_GHZ * H_OVER_K) / (x * 40);
  // The mid-IR power law joins at λ_c ≈ 0.85 λ_peak and pulls the peak blueward by a few µm.
  assert.ok(thin < wienUm && thin > 0.9 * wienUm, `thin peak ${thin} vs ${wienUm}`);
  assert.ok(thick > thin + 10, `thick peak ${thick} vs thin ${thin}`);
});
