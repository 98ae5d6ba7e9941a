/**
 * Parameter-independent tables of the traced counts model, computed once in plain float64 from the
 * forward model (src/model): per band, per redshift group and per population kind, the cumulative
 * number of galaxies per steradian below a log flux, at the reference parameters with the ⟨U⟩
 * scatter switched off. The traced model (counts-model.ts) shifts these distributions by the
 * parameter-dependent change of the SED response, so that everything that depends only on halos,
 * stellar masses, SFRs, lensing and distances stays out of the sampling loop.
 *
 * The luminosity side is read through the forward model's own `expectedGalaxyCounts`, run one shell
 * at a time with ⟨U⟩ scatter 0 and the starburst fraction at 0 and 1: counts are linear in the
 * starburst probability p_SB(z) = sb_frac · a(z), so the two runs separate main-sequence (MS) and
 * starburst (SB) galaxies exactly.
 */
import type { Band } from '../bands.js';
import { expectedGalaxyCounts, FINE_STEP, N_S, S_MIN_LOG } from '../expected-counts.js';
import { type GalaxyModel, N_T } from '../galaxy-model.js';
import type { Params } from '../params.js';

/** Redshift groups: shells are merged into groups this wide in z (SED response evaluated at the group's mean z). */
export function groupOfShell(z: number): number {
  if (z < 1) return Math.floor(z / 0.25);
  if (z < 4) return 4 + Math.floor((z - 1) / 0.5);
  return Math.min(12, 10 + Math.floor(z - 4));
}
export const N_GROUPS = 13;

/** Table kinds: MS counts (all SF galaxies as MS), a(z)·MS, a(z)·SB; counts = K0 − f·K1 + f·K2 for sb_frac = f. */
export const N_KINDS = 3;
/** Population of each kind (0 = MS, 1 = SB). */
export const KIND_POP = [0, 0, 1] as const;

export interface FluxTables {
  readonly bands: readonly Band[];
  /** Per group: count-weighted mean redshift (sources with S above 1 µJy in the first band). */
  readonly zGroup: Float64Array;
  /**
   * [band][group][kind][j]: sources per sr with log10 S < S_MIN_LOG + j·FINE_STEP (j = 0…N_S),
   * at the reference parameters, ⟨U⟩ scatter 0.
   */
  readonly cumulative: Float64Array;
  /** Grid of the cumulative tables, log10 mJy (N_S + 1 points). */
  readonly logSGrid: Float64Array;
}

/** Shell-only copy of the model (the forward model's arrays are indexed by shell). */
function shellModel(model: GalaxyModel, s: number, params: Params): GalaxyModel {
  const nMh = model.logMh.length;
  const one = (a: Float64Array) => a.slice(s, s + 1);
  const dustResp: GalaxyModel['dustResp'] = {};
  for (const [b, t] of Object.entries(model.dustResp))
    dustResp[b as Band] = (t as Float64Array).slice(s * N_T, (s + 1) * N_T);
  return {
    ...model,
    params,
    nShells: 1,
    zLo: one(model.zLo),
    zHi: one(model.zHi),
    zRep: one(model.zRep),
    dcLo: one(model.dcLo),
    dcHi: one(model.dcHi),
    volPerSr: one(model.volPerSr),
    firstHalo: model.firstHalo.slice(s, s + 1),
    halosPerSr: one(model.halosPerSr),
    haloCdf: model.haloCdf.slice(s * nMh, (s + 1) * nMh),
    haloPerSrBin: model.haloPerSrBin.slice(s * nMh, (s + 1) * nMh),
    mbar: model.mbar.slice(s * nMh, (s + 1) * nMh),
    dustResp,
    radioResp: {},
    lensNode: model.lensNode.slice(s, s + 1),
  };
}

/** a(z) of p_SB = sb_frac · a(z) (forward model star-formation.ts, probStarburst). */
export function starburstShape(z: number): number {
  return 1 - 0.5 * (1 - Math.min(z, 1));
}

/** Builds the tables for dust bands (each band's response must be in `model`). */
export function buildFluxTables(model: GalaxyModel, params: Params, bands: readonly Band[]): FluxTables {
  const nb = bands.length;
  const nj = N_S + 1;
  const cumulative = new Float64Array(nb * N_GROUPS * N_KINDS * nj);
  const zNum = new Float64Array(N_GROUPS);
  const zDen = new Float64Array(N_GROUPS);
  const pA = { ...params, u_scatter_dex: 0, sb_frac: 0 };
  const pB = { ...params, u_scatter_dex: 0, sb_frac: 1 };
  const dens = new Float64Array(N_S);
  for (let s = 0; s < model.nShells; s++) {
    const z = model.zRep[s];
    const g = groupOfShell(z);
    const a = starburstShape(z);
    const runA = expectedGalaxyCounts(shellModel(model, s, pA), bands);
    const runB = expectedGalaxyCounts(shellModel(model, s, pB), bands);
    for (let bi = 0; bi < nb; bi++) {
      const ms = (runA.get(bands[bi]) as { dusty: Float64Array }).dusty;
      const mix = (runB.get(bands[bi]) as { dusty: Float64Array }).dusty;
      for (let k = 0; k < N_KINDS; k++) {
        // Per fine bin: K0 = MS; K1 = a·MS; K2 = a·SB with a·SB = mix − (1 − a)·MS.
        for (let j = 0; j < N_S; j++)
          dens[j] = k === 0 ? ms[j] : k === 1 ? a * ms[j] : Math.max(0, mix[j] - (1 - a) * ms[j]);
        const base = ((bi * N_GROUPS + g) * N_KINDS + k) * nj;
        let acc = 0;
        for (let j = 0; j < N_S; j++) {
          acc += dens[j];
          cumulative[base + j + 1] += acc;
        }
        if (bi === 0 && k === 0) {
          zNum[g] += z * acc;
          zDen[g] += acc;
        }
      }
    }
  }
  // Empty groups (none with this grid) keep z at the group's centre.
  const zGroup = new Float64Array(N_GROUPS);
  for (let g = 0; g < N_GROUPS; g++) zGroup[g] = zDen[g] > 0 ? zNum[g] / zDen[g] : groupCentre(g);
  const logSGrid = new Float64Array(nj);
  for (let j = 0; j < nj; j++) logSGrid[j] = S_MIN_LOG + j * FINE_STEP;
  return { bands, zGroup, cumulative, logSGrid };
}

function groupCentre(g: number): number {
  if (g < 4) return 0.25 * g + 0.125;
  if (g < 10) return 1 + 0.5 * (g - 4) + 0.25;
  return 4 + (g - 10) + 0.5;
}
