/**
 * The three radio-loud AGN populations as plain numbers: luminosity function and spectral-parameter
 * distribution of each, resolved from the parameter record once (the parameter-only step that the
 * expected-count integrals and the sampler share).
 */
import { KIND } from '../population.js';
import type { LuminosityFunction } from './lf.js';
import { agnParamValues } from './params.js';

export const AGN_POPULATIONS = ['fsrq', 'bllac', 'steep'] as const;
export type AgnPopulationName = (typeof AGN_POPULATIONS)[number];

export const AGN_KIND_CODE: Readonly<Record<AgnPopulationName, number>> = {
  fsrq: KIND.fsrq,
  bllac: KIND.bllac,
  steep: KIND.steepAgn,
};

/**
 * Distribution of per-source spectral parameters: α_lo ~ N(alphaLoMean, alphaLoSigma);
 * α_hi = alphaHiFromLo·α_lo + N(alphaHiMean, alphaHiSigma); log10 ν_b ~ N(logBreakMean, logBreakSigma).
 */
export interface SpectralDistribution {
  readonly alphaLoMean: number;
  readonly alphaLoSigma: number;
  readonly alphaHiFromLo: 0 | 1;
  readonly alphaHiMean: number;
  readonly alphaHiSigma: number;
  readonly logBreakMean: number;
  readonly logBreakSigma: number;
  readonly sharpness: number;
}

export interface AgnPopulationModel {
  readonly name: AgnPopulationName;
  readonly kind: number;
  readonly lf: LuminosityFunction;
  readonly spectrum: SpectralDistribution;
}

/** Highest redshift of radio-loud AGN in the model (Massardi+10 integrate their counts to z ≈ 5–6). */
export const AGN_Z_MAX = 6;

export function agnPopulationModels(params: Readonly<Record<string, number>>): AgnPopulationModel[] {
  const v = agnParamValues(params);
  const lf = (pop: AgnPopulationName): LuminosityFunction => ({
    a: v[`agn_${pop}_a`],
    b: v[`agn_${pop}_b`],
    logN0: v[`agn_${pop}_logn0`],
    logLStar0: v[`agn_${pop}_loglstar0`],
    kEvo: v[`agn_${pop}_kevo`],
    zTop0: v[`agn_${pop}_ztop0`],
    dzTop: v[`agn_${pop}_dztop`],
    mEv: v[`agn_${pop}_mev`],
  });
  const flat = (offsetDex: number): SpectralDistribution => ({
    alphaLoMean: v.agn_flat_alpha_lo_mean,
    alphaLoSigma: v.agn_flat_alpha_lo_sigma,
    alphaHiFromLo: 0,
    alphaHiMean: v.agn_flat_alpha_hi,
    alphaHiSigma: v.agn_flat_alpha_hi_sigma,
    logBreakMean: v.agn_flat_break_logghz_mean + offsetDex,
    logBreakSigma: v.agn_flat_break_logghz_sigma,
    sharpness: v.agn_break_sharpness,
  });
  return [
    { name: 'fsrq', kind: AGN_KIND_CODE.fsrq, lf: lf('fsrq'), spectrum: flat(0) },
    { name: 'bllac', kind: AGN_KIND_CODE.bllac, lf: lf('bllac'), spectrum: flat(v.agn_bllac_break_offset_dex) },
    {
      name: 'steep',
      kind: AGN_KIND_CODE.steep,
      lf: lf('steep'),
      spectrum: {
        alphaLoMean: v.agn_steep_alpha_lo_mean,
        alphaLoSigma: v.agn_steep_alpha_lo_sigma,
        alphaHiFromLo: 1,
        alphaHiMean: v.agn_steep_dalpha_hi,
        alphaHiSigma: 0,
        logBreakMean: v.agn_steep_break_logghz_mean,
        logBreakSigma: v.agn_steep_break_logghz_sigma,
        sharpness: v.agn_break_sharpness,
      },
    },
  ];
}

/** Quadrature over the spectral-parameter distribution: nodes and weights summing to 1. */
export interface SpectralNodes {
  readonly alphaLo: Float64Array;
  readonly alphaHi: Float64Array;
  readonly logBreak: Float64Array;
  readonly weight: Float64Array;
}

/**
 * Tensor grid of equally spaced standard-normal nodes on [−3, 3] with Gaussian weights. The
 * trapezoid rule is spectrally accurate for Gaussian-weighted smooth integrands (Trefethen &
 * Weideman 2014, SIAM Rev. 56, 385, §5), so a spacing of 1.5σ (5 nodes on ±3σ) suffices: within 0.6% of a 7 × 5 × 9 grid for the counts from 1.4 to 148 GHz.
 */
export function spectralNodes(s: SpectralDistribution, nLo = 5, nHi = 5, nBreak = 5): SpectralNodes {
  const std = (n: number, sigma: number): { u: number[]; w: number[] } => {
    if (n <= 1 || sigma === 0) return { u: [0], w: [1] };
    const u: number[] = [];
    const w: number[] = [];
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = -3 + (6 * i) / (n - 1);
      u.push(x);
      w.push(Math.exp(-0.5 * x * x));
      sum += w[i];
    }
    return { u, w: w.map((x) => x / sum) };
  };
  const lo = std(nLo, s.alphaLoSigma);
  const hi = std(nHi, s.alphaHiSigma);
  const br = std(nBreak, s.logBreakSigma);
  const n = lo.u.length * hi.u.length * br.u.length;
  const out = {
    alphaLo: new Float64Array(n),
    alphaHi: new Float64Array(n),
    logBreak: new Float64Array(n),
    weight: new Float64Array(n),
  };
  let k = 0;
  for (let i = 0; i < lo.u.length; i++) {
    const aLo = s.alphaLoMean + s.alphaLoSigma * lo.u[i];
    for (let j = 0; j < hi.u.length; j++) {
      const aHi = s.alphaHiFromLo * aLo + s.alphaHiMean + s.alphaHiSigma * hi.u[j];
      for (let m = 0; m < br.u.length; m++) {
        out.alphaLo[k] = aLo;
        out.alphaHi[k] = aHi;
        out.logBreak[k] = s.logBreakMean + s.logBreakSigma * br.u[m];
        out.weight[k] = lo.w[i] * hi.w[j] * br.w[m];
        k++;
      }
    }
  }
  return out;
}
