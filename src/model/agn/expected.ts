/**
 * Expected differential counts of radio-loud AGN, dN/dS [Jy⁻¹ sr⁻¹], by integration over redshift,
 * luminosity function and the spectral-parameter distribution (no sampling):
 *
 *   dN/dlog10 S = ∫ dz dV/dz/dΩ  Σ_k w_k  φ(log10 S − Δ_k(z), z)
 *   dN/dS       = (dN/dlog10 S) / (S ln 10)
 *
 * where φ is the LF per dex (lf.ts) and Δ_k(z) = log10 S_mJy − log10 L_1.4 for spectral node k
 * (flux.ts). The parameter-only part (the Δ_k(z) table and redshift weights) is built once by
 * `precomputeAgnCounts`; `agnDndsFromPrecomputed` is the grid loop, plain float64 code that maps
 * onto the differentiable compiler's ops (exp, log, pow, sums).
 */
import { BANDS, type Band } from '../bands.js';
import { DEFAULT_COSMOLOGY, distancesAt, type FlatLcdm } from './distances.js';
import { logDistanceFactor, logFluxOffset } from './flux.js';
import { AGN_LOG_L_MIN, lfPerDexGrid } from './lf.js';
import {
  AGN_POPULATIONS,
  AGN_Z_MAX,
  type AgnPopulationName,
  agnPopulationModels,
  spectralNodes,
} from './populations.js';

/** Redshift integration in ln z: nodes from Z_MIN to AGN_Z_MAX; below Z_MIN the volume is negligible. */
const Z_MIN = 1e-3;
const N_Z = 160;
/** The LF is tabulated per redshift node on a log L grid this fine (interpolation error < 1e-3). */
const LOG_L_STEP = 0.01;
const LOG_L_MAX = 38;
const N_L = Math.round((LOG_L_MAX - AGN_LOG_L_MIN) / LOG_L_STEP) + 1;

export interface AgnCountsPrecomputed {
  readonly population: AgnPopulationName;
  readonly z: Float64Array;
  /** φ(z_i, log L_j) per dex, z-major: lfTable[i * N_L + j], log L_j = AGN_LOG_L_MIN + j · LOG_L_STEP. */
  readonly lfTable: Float64Array;
  /** dV/dz/dΩ × Δz quadrature weight, Mpc³ sr⁻¹, per redshift node. */
  readonly volumeWeight: Float64Array;
  /** Spectral quadrature weights (sum 1). */
  readonly spectralWeight: Float64Array;
  /** Δ_k(z) for z-major, node-minor layout: offset[iz * nk + k]. */
  readonly offset: Float64Array;
}

function cosmologyFrom(params: Readonly<Record<string, number>>): FlatLcdm {
  return { h: params.h ?? DEFAULT_COSMOLOGY.h, omegaM: params.omega_m ?? DEFAULT_COSMOLOGY.omegaM };
}

/** Parameter-only precomputation for one observed frequency, per population. */
export function precomputeAgnCounts(
  params: Readonly<Record<string, number>>,
  freqObsGHz: number,
): AgnCountsPrecomputed[] {
  const z = new Float64Array(N_Z);
  const lnMin = Math.log(Z_MIN);
  const dLn = (Math.log(AGN_Z_MAX) - lnMin) / (N_Z - 1);
  for (let i = 0; i < N_Z; i++) z[i] = Math.exp(lnMin + i * dLn);
  const dist = distancesAt(cosmologyFrom(params), z);
  const volumeWeight = new Float64Array(N_Z);
  // Trapezoid rule in ln z: ∫ f dz = ∫ z f d ln z.
  for (let i = 0; i < N_Z; i++)
    volumeWeight[i] = (i === 0 || i === N_Z - 1 ? 0.5 : 1) * dLn * z[i] * dist.dVdzdOmegaMpc3[i];
  return agnPopulationModels(params).map((pop) => {
    const nodes = spectralNodes(pop.spectrum);
    const nk = nodes.weight.length;
    const offset = new Float64Array(N_Z * nk);
    for (let i = 0; i < N_Z; i++) {
      const logD = logDistanceFactor(z[i], dist.luminosityMpc[i]);
      for (let k = 0; k < nk; k++)
        offset[i * nk + k] = logFluxOffset(
          z[i],
          logD,
          freqObsGHz,
          nodes.alphaLo[k],
          nodes.alphaHi[k],
          nodes.logBreak[k],
          pop.spectrum.sharpness,
        );
    }
    const lfTable = new Float64Array(N_Z * N_L);
    for (let i = 0; i < N_Z; i++)
      lfPerDexGrid(pop.lf, z[i], AGN_LOG_L_MIN, LOG_L_STEP, lfTable.subarray(i * N_L, (i + 1) * N_L));
    return { population: pop.name, z, lfTable, volumeWeight, spectralWeight: nodes.weight, offset };
  });
}

/** The grid loop: dN/dS [Jy⁻¹ sr⁻¹] at each flux (mJy) for one precomputed population. */
export function agnDndsFromPrecomputed(pre: AgnCountsPrecomputed, fluxMJy: Float64Array): Float64Array {
  const out = new Float64Array(fluxMJy.length);
  const nz = pre.z.length;
  const nk = pre.spectralWeight.length;
  for (let s = 0; s < fluxMJy.length; s++) {
    const logS = Math.log10(fluxMJy[s]);
    let sum = 0;
    for (let i = 0; i < nz; i++) {
      let inner = 0;
      const row = i * N_L;
      for (let k = 0; k < nk; k++) {
        // Linear interpolation of the tabulated LF at log L = log S − Δ_k(z).
        const x = (logS - pre.offset[i * nk + k] - AGN_LOG_L_MIN) / LOG_L_STEP;
        if (!(x >= 0 && x < N_L - 1)) continue;
        const j = Math.floor(x);
        const f = x - j;
        inner += pre.spectralWeight[k] * ((1 - f) * pre.lfTable[row + j] + f * pre.lfTable[row + j + 1]);
      }
      sum += pre.volumeWeight[i] * inner;
    }
    out[s] = sum / (fluxMJy[s] * 1e-3 * Math.LN10);
  }
  return out;
}

export type AgnDndsByPopulation = Record<AgnPopulationName | 'total', Float64Array>;

/** Expected dN/dS [Jy⁻¹ sr⁻¹] per population and in total, at an observed frequency in GHz. */
export function agnExpectedDndsAtFrequency(
  params: Readonly<Record<string, number>>,
  freqObsGHz: number,
  fluxMJy: Float64Array,
): AgnDndsByPopulation {
  const total = new Float64Array(fluxMJy.length);
  const out = { total } as AgnDndsByPopulation;
  for (const pre of precomputeAgnCounts(params, freqObsGHz)) {
    const d = agnDndsFromPrecomputed(pre, fluxMJy);
    out[pre.population] = d;
    for (let i = 0; i < d.length; i++) total[i] += d[i];
  }
  for (const name of AGN_POPULATIONS) if (!out[name]) out[name] = new Float64Array(fluxMJy.length);
  return out;
}

/**
 * Expected AGN dN/dS per population in a band (monochromatic at the band's effective frequency; the
 * radio and SPT bands are narrow enough for power-law spectra, design memo §8).
 *
 * @example agnExpectedDndsByPopulation(defaultParams(), 'spt150', Float64Array.of(10, 100)).total
 */
export function agnExpectedDndsByPopulation(
  params: Readonly<Record<string, number>>,
  band: Band,
  fluxMJy: Float64Array,
): AgnDndsByPopulation {
  return agnExpectedDndsAtFrequency(params, BANDS[band].freqGHz, fluxMJy);
}

/** Expected dN/dS [Jy⁻¹ sr⁻¹] of all radio-loud AGN in a band. */
export function agnExpectedDnds(
  params: Readonly<Record<string, number>>,
  band: Band,
  fluxMJy: Float64Array,
): Float64Array {
  return agnExpectedDndsByPopulation(params, band, fluxMJy).total;
}
