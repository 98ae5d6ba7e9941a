/**
 * Parameter-only precomputation of the galaxy model (the seam the jit hoists): redshift shells,
 * halo mass function and abundance matching per shell, band-response tables of the dust and radio
 * SEDs, and the lensing table. Both the sampler (sample-galaxies.ts) and the expected counts
 * (expected-counts.ts) read only this structure, so they describe the same model.
 */

import { meanLogMstar } from './abundance-matching.js';
import { BAND_NAMES, type Band, isRadioBand } from './bands.js';
import { comovingAt, type DistanceGrid, distanceGrid } from './cosmology.js';
import { dustLnuPerLir, dustSedShape } from './dust-sed.js';
import { bandQuadrature } from './filters.js';
import { halosPerDex } from './halo-mass-function.js';
import { type LensingTable, lensingNode, readLensingTable } from './lensing.js';
import type { Params } from './params.js';
import { sigmaTable } from './power-spectrum.js';
import { logRadioPerLir, radioSedRatio } from './radio-sf.js';
import { logSfrOffset, logUMean, mainSequenceZeroPoint, probStarburst, quenchingTransition } from './star-formation.js';

export const Z_MAX = 7;
const LOG_MH_MIN = 8.5;
const LOG_MH_MAX = 15.5;
const LOG_MH_STEP = 0.02;
/** log10 T grid of the dust response tables (K). */
export const LOG_T_MIN = 0.7;
export const LOG_T_STEP = 0.025;
export const N_T = 60;
/** Mpc in metres; 1 mJy = 1e-29 W m⁻² Hz⁻¹; L_sun = 3.828e26 W. */
const MPC_M = 3.085677581491367e22;

/** Shell edges: fine at low z where distances change fastest. */
export function shellEdges(): Float64Array {
  const e: number[] = [0.001];
  const add = (to: number, step: number) => {
    let z = e[e.length - 1];
    while (z < to - 1e-9) {
      z = Math.min(to, Math.round((z + step) * 1e6) / 1e6);
      e.push(z);
    }
  };
  add(0.005, 0.004);
  add(0.1, 0.005);
  add(1, 0.01);
  add(3, 0.02);
  add(Z_MAX, 0.05);
  return Float64Array.from(e);
}

export interface GalaxyModel {
  params: Params;
  bands: readonly Band[];
  dist: DistanceGrid;
  nShells: number;
  zLo: Float64Array;
  zHi: Float64Array;
  /** Volume-weighted mean redshift of each shell. */
  zRep: Float64Array;
  dcLo: Float64Array;
  dcHi: Float64Array;
  /** Comoving volume per steradian, Mpc³ sr⁻¹. */
  volPerSr: Float64Array;
  /** Halo grid (bin centres, log10 Msun). */
  logMh: Float64Array;
  logMhStep: number;
  /** Per shell: first halo bin sampled (mean M* ≥ log_mstar_min). */
  firstHalo: Int32Array;
  /** Per shell: expected halos per steradian in the sampled bins. */
  halosPerSr: Float64Array;
  /** [shell × nMh]: cumulative probability over halo bins (for inverse-CDF sampling). */
  haloCdf: Float64Array;
  /** [shell × nMh]: halos per steradian in each bin. */
  haloPerSrBin: Float64Array;
  /** [shell × nMh]: mean log10 M* of the bin's halos (abundance matching). */
  mbar: Float64Array;
  /** Per dust band: [shell × N_T] log10 of S_mJy · D_L[Mpc]² / L_IR[Lsun]. */
  dustResp: Partial<Record<Band, Float64Array>>;
  /** Per radio band: [shell] log10 of S_mJy · D_L[Mpc]² / L_1.4GHz[W/Hz]. */
  radioResp: Partial<Record<Band, Float64Array>>;
  lensing: LensingTable;
  /** Per shell: lensing-table node. */
  lensNode: Int32Array;
  /**
   * Per shell, the z-only terms of the star-formation recipe at zRep (SHELL_SF_* offsets), so the
   * per-galaxy draws evaluate the same functions as the expected counts.
   */
  shellSf: Float64Array;
  /** Parameter-only logarithms used by the per-galaxy draws (star-formation.ts formulas, hoisted). */
  sfConstants: StarFormationConstants;
}

export interface StarFormationConstants {
  logSfrMax: number;
  logLirPerSfr: number;
  logMsOffset: number;
  logSbBoost: number;
  log5: number;
  logUsb: number;
  logT0: number;
  invFourPlusBeta: number;
}

export const SHELL_SF_STRIDE = 8;
/** Offsets in shellSf: quenching mass, width, SF ceiling, log(1+z), MS zero point, P_SB, log <U>_MS, radio zero point. */
export const SF_MT = 0;
export const SF_ST = 1;
export const SF_MAX = 2;
export const SF_R = 3;
export const SF_ZP = 4;
export const SF_PSB = 5;
export const SF_UMS = 6;
export const SF_RADIO = 7;

function shellStarFormation(p: Params, zRep: Float64Array): Float64Array {
  const out = new Float64Array(zRep.length * SHELL_SF_STRIDE);
  for (let s = 0; s < zRep.length; s++) {
    const z = zRep[s];
    const t = quenchingTransition(z);
    const o = s * SHELL_SF_STRIDE;
    out[o + SF_MT] = t.massLog;
    out[o + SF_ST] = t.width;
    out[o + SF_MAX] = t.sfMax;
    out[o + SF_R] = Math.log10(1 + z);
    out[o + SF_ZP] = mainSequenceZeroPoint(z, p);
    out[o + SF_PSB] = probStarburst(z, p);
    out[o + SF_UMS] = logUMean(z, false, p);
    // logRadioPerLir(m, z) = radio zero point − qir_mstar_slope (m − 10).
    out[o + SF_RADIO] = logRadioPerLir(10, z, p);
  }
  return out;
}

/** The hoisted constants, equal to what logSfrOffset / logUMean / logDustTemperature compute. */
export function starFormationConstants(p: Params): StarFormationConstants {
  return {
    logSfrMax: Math.log10(p.sfr_max),
    logLirPerSfr: Math.log10(p.lir_per_sfr),
    logMsOffset: logSfrOffset(false, p),
    logSbBoost: logSfrOffset(true, p),
    log5: Math.log10(5),
    logUsb: Math.log10(p.u_sb),
    logT0: Math.log10(p.dust_T0),
    invFourPlusBeta: 1 / (4 + p.dust_beta),
  };
}

/**
 * Builds the model for a parameter set and list of bands.
 *
 * @example const model = buildGalaxyModel(resolveParams({ dust_T0: 24 }), ['spire250', 'spt150']);
 */
export function buildGalaxyModel(params: Params, bands: readonly Band[] = BAND_NAMES): GalaxyModel {
  const p = params;
  const dist = distanceGrid(p.h, p.omega_m, Z_MAX + 0.1);
  const edges = shellEdges();
  const nShells = edges.length - 1;
  const zLo = edges.subarray(0, nShells).slice();
  const zHi = edges.subarray(1).slice();
  const zRep = new Float64Array(nShells);
  const dcLo = new Float64Array(nShells);
  const dcHi = new Float64Array(nShells);
  const volPerSr = new Float64Array(nShells);
  for (let s = 0; s < nShells; s++) {
    dcLo[s] = comovingAt(dist, zLo[s]);
    dcHi[s] = comovingAt(dist, zHi[s]);
    volPerSr[s] = (dcHi[s] ** 3 - dcLo[s] ** 3) / 3;
    // Volume-weighted mean z: z at the D_C with half the shell's volume on each side is close; use 16-point mean.
    let acc = 0;
    for (let k = 0; k < 16; k++) {
      const d = Math.cbrt(dcLo[s] ** 3 + ((k + 0.5) / 16) * (dcHi[s] ** 3 - dcLo[s] ** 3));
      acc += zFromDc(dist, d);
    }
    zRep[s] = acc / 16;
  }

  // Halos and abundance matching.
  const sig = sigmaTable(
    { h: p.h, omegaM: p.omega_m, omegaB: p.omega_b, sigma8: p.sigma8, nS: p.n_s },
    LOG_MH_MIN,
    LOG_MH_MAX,
    LOG_MH_STEP,
  );
  // Masses in the σ table are in Msun (ρ̄ in Msun Mpc⁻³), so dn/dlogM is in Mpc⁻³ dex⁻¹.
  const nMh = sig.logM.length;
  const firstHalo = new Int32Array(nShells);
  const halosPerSr = new Float64Array(nShells);
  const haloCdf = new Float64Array(nShells * nMh);
  const haloPerSrBin = new Float64Array(nShells * nMh);
  const mbar = new Float64Array(nShells * nMh);
  const dn = new Float64Array(nMh);
  const mb = new Float64Array(nMh);
  for (let s = 0; s < nShells; s++) {
    halosPerDex(sig, p.omega_m, zRep[s], dn);
    meanLogMstar(sig.logM, dn, zRep[s], mb);
    let j0 = 0;
    while (j0 < nMh && !(mb[j0] >= p.log_mstar_min)) j0++;
    firstHalo[s] = j0;
    let cum = 0;
    for (let j = 0; j < nMh; j++) {
      mbar[s * nMh + j] = mb[j];
      const w = j >= j0 ? dn[j] * LOG_MH_STEP * volPerSr[s] : 0;
      haloPerSrBin[s * nMh + j] = w;
      cum += w;
      haloCdf[s * nMh + j] = cum;
    }
    halosPerSr[s] = cum;
    if (cum > 0) for (let j = 0; j < nMh; j++) haloCdf[s * nMh + j] /= cum;
  }

  // Band responses. Dust: table over (shell zRep, log T); radio: per shell.
  const dustResp: Partial<Record<Band, Float64Array>> = {};
  const radioResp: Partial<Record<Band, Float64Array>> = {};
  // Rest-frame log10(L_ν/L_IR) on a fine log ν grid per temperature node, then band sums by interpolation.
  const sedGrid = new Float64Array(N_T * N_NU);
  for (let t = 0; t < N_T; t++) {
    const shape = dustSedShape(10 ** (LOG_T_MIN + t * LOG_T_STEP), p.dust_beta, p.mir_alpha, p.dust_lambda0_um);
    for (let k = 0; k < N_NU; k++)
      sedGrid[t * N_NU + k] = Math.log10(Math.max(dustLnuPerLir(shape, 10 ** (LOG_NU_MIN + k * LOG_NU_STEP)), 1e-300));
  }
  // S_mJy = (1+z) L_ν(ν(1+z)) / (4π D_L²): per unit L (Lsun or W/Hz) and D_L in Mpc.
  const fluxConst = (lumW: number) => lumW / (4 * Math.PI * MPC_M * MPC_M) / 1e-29;
  for (const b of bands) {
    const q = bandQuadrature(b);
    if (isRadioBand(b)) {
      const r = new Float64Array(nShells);
      for (let s = 0; s < nShells; s++) {
        const zp1 = 1 + zRep[s];
        let acc = 0;
        for (let i = 0; i < q.nuGHz.length; i++) acc += q.weight[i] * radioSedRatio(q.nuGHz[i] * zp1, p);
        r[s] = Math.log10(zp1 * acc * fluxConst(1));
      }
      radioResp[b] = r;
    } else {
      const r = new Float64Array(nShells * N_T);
      for (let s = 0; s < nShells; s++) {
        const zp1 = 1 + zRep[s];
        for (let t = 0; t < N_T; t++) {
          let acc = 0;
          for (let i = 0; i < q.nuGHz.length; i++)
            acc += q.weight[i] * 10 ** interpSed(sedGrid, t, Math.log10(q.nuGHz[i] * zp1));
          r[s * N_T + t] = Math.log10(zp1 * acc * fluxConst(3.828e26));
        }
      }
      dustResp[b] = r;
    }
  }
  const lensing = readLensingTable();
  const lensNode = new Int32Array(nShells);
  for (let s = 0; s < nShells; s++) lensNode[s] = lensingNode(lensing, zRep[s]);
  return {
    params: p,
    bands,
    dist,
    nShells,
    zLo,
    zHi,
    zRep,
    dcLo,
    dcHi,
    volPerSr,
    logMh: sig.logM,
    logMhStep: LOG_MH_STEP,
    firstHalo,
    halosPerSr,
    haloCdf,
    haloPerSrBin,
    mbar,
    dustResp,
    radioResp,
    lensing,
    lensNode,
    sfConstants: starFormationConstants(p),
    shellSf: shellStarFormation(p, zRep),
  };
}

const LOG_NU_MIN = 1.0; // 10 GHz rest
const LOG_NU_STEP = 0.002;
const N_NU = 2200; // to 10^5.4 GHz (1.2 µm rest)

function interpSed(grid: Float64Array, t: number, logNu: number): number {
  const x = (logNu - LOG_NU_MIN) / LOG_NU_STEP;
  if (x <= 0) return grid[t * N_NU];
  if (x >= N_NU - 1) return grid[t * N_NU + N_NU - 1];
  const i = Math.floor(x);
  const f = x - i;
  return grid[t * N_NU + i] * (1 - f) + grid[t * N_NU + i + 1] * f;
}

function zFromDc(g: DistanceGrid, d: number): number {
  const x = d / g.dcStep;
  const i = Math.min(Math.floor(x), g.zAtDc.length - 2);
  return g.zAtDc[i] + (x - i) * (g.zAtDc[i + 1] - g.zAtDc[i]);
}

/** Index of the dust-response column for log10 T (fractional; clamped to the grid). */
export function tIndex(logT: number): number {
  const x = (logT - LOG_T_MIN) / LOG_T_STEP;
  return Math.min(Math.max(x, 0), N_T - 1);
}
