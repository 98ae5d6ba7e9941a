/**
 * The dust SED of the forward model (dust-sed.ts: Casey 2012, MNRAS 425, 3094, eq. 3, optically
 * thin or general-opacity MBB + mid-IR power law with a Gaussian cut-off at λ_c) written with jit
 * tensor ops, so the band response is traced and differentiated in T, β, α_MIR and λ0.
 *
 *   s_ν = ν^{3+β} / (e^{hν/kT} − 1) + N_pl λ^{α} e^{−(λ/λ_c)²},
 *   λ_c = 0.75 [(26.68 + 6.246 α)^{−2} + (1.905e−4 + 7.243e−5 α) T]^{−1} µm,  N_pl from continuity at λ_c,
 *   L_ν / L_IR = s_ν / ∫_{8–1000 µm} s_ν dν.
 */
import type { Tensor } from '../../jit/index.js';
import type { Band } from '../bands.js';
import { bandQuadrature } from '../filters.js';

const H_OVER_K_K_PER_GHZ = 0.04799243073;
const C_UM_GHZ = 299792.458;

/** Simpson nodes in ln ν over 8–1000 µm: ν_k (GHz) and weights w_k·ν_k·h/3 (so norm = Σ w_k s_ν(ν_k)). */
export function normQuadrature(intervals = 24): { nuGHz: Float64Array; weight: Float64Array } {
  const lo = Math.log(C_UM_GHZ / 1000);
  const hi = Math.log(C_UM_GHZ / 8);
  const h = (hi - lo) / intervals;
  const nuGHz = new Float64Array(intervals + 1);
  const weight = new Float64Array(intervals + 1);
  for (let i = 0; i <= intervals; i++) {
    nuGHz[i] = Math.exp(lo + i * h);
    const w = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    weight[i] = (w * nuGHz[i] * h) / 3;
  }
  return { nuGHz, weight };
}

/**
 * A band's quadrature merged into at most `maxNodes` response-weighted nodes: for smooth SEDs
 * the band flux changes by well under 1% (the error is second order in the node's width).
 */
export function compactBandQuadrature(band: Band, maxNodes = 8): { nuGHz: Float64Array; weight: Float64Array } {
  const q = bandQuadrature(band);
  const n = q.nuGHz.length;
  const group = Math.max(1, Math.ceil(n / maxNodes));
  const nu: number[] = [];
  const w: number[] = [];
  for (let s = 0; s < n; s += group) {
    let ws = 0;
    let xs = 0;
    for (let i = s; i < Math.min(n, s + group); i++) {
      ws += q.weight[i];
      xs += q.weight[i] * Math.log(q.nuGHz[i]);
    }
    if (ws <= 0) continue;
    nu.push(Math.exp(xs / ws));
    w.push(ws);
  }
  return { nuGHz: Float64Array.from(nu), weight: Float64Array.from(w) };
}

/**
 * Unnormalised s_ν at rest frequencies `nuGHz` ([C, K]) for temperatures `tempK` ([C, 1]),
 * emissivity β and mid-IR slope α (scalars). Without `opacity` the optically thin MBB
 * ν^{3+β}/(e^{hν/kT} − 1); with it the general-opacity form (1 − e^{−(λ0/λ)^β}) ν³/(e^{hν/kT} − 1)
 * of dust-sed.ts, λ0 = `opacity.lambda0Um` (a scalar, parameter or data).
 */
export function dustShape(
  nuGHz: Tensor,
  tempK: Tensor,
  beta: Tensor,
  alpha: Tensor,
  opacity?: { lambda0Um: Tensor },
): Tensor {
  const lambdaUm = nuGHz.pow(-1).mul(C_UM_GHZ);
  const a = alpha;
  const b = beta;
  const lambdaC = a.mul(6.246).add(26.68).pow(-2).add(a.mul(7.243e-5).add(1.905e-4).mul(tempK)).pow(-1).mul(0.75);
  const thin = (nu: Tensor) => nu.log().mul(b.add(3)).exp().div(nu.mul(H_OVER_K_K_PER_GHZ).div(tempK).expm1());
  const mbb = opacity
    ? (nu: Tensor) => {
        const planck = nu.pow(3).div(nu.mul(H_OVER_K_K_PER_GHZ).div(tempK).expm1());
        // ln(λ0 ν / c) as ln(ν/c) + ln λ0: the first term is data (hoisted), λ0 may be a parameter
        return nu.div(C_UM_GHZ).log().add(opacity.lambda0Um.log()).mul(b).exp().neg().expm1().neg().mul(planck);
      }
    : thin;
  const nPl = mbb(lambdaC.pow(-1).mul(C_UM_GHZ)).div(lambdaC.log().mul(a).exp());
  const r = lambdaUm.div(lambdaC);
  return mbb(nuGHz).add(nPl.mul(lambdaUm.log().mul(a).exp()).mul(r.square().neg().exp()));
}
