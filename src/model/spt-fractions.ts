/**
 * Synchrotron vs dusty shares of the sources an SPT-like survey detects (issue 4 acceptance 2,
 * docs/validation.md §2). A source of true flux S in a band with total 1σ noise σ and S/N threshold t
 * is detected there with probability ½ erfc((tσ − S)/(√2 σ)) (Gaussian flux noise, as
 * instruments/density.ts).
 *
 * - Per band: the expected counts (counts.ts `expectedDnds`: dusty galaxies; synchrotron = galaxies'
 *   synchrotron + radio AGN) on a fixed 400-bin log grid, 0.5 mJy–5 Jy, weighted by that probability.
 * - Any band (as the SPT catalogues count sources): P = 1 − Π_b (1 − P_b(S_b)). Dusty galaxies: per
 *   redshift shell the 95 and 220 GHz fine counts are each matched by rank to the 150 GHz ones (one
 *   S_95/S_150 and one S_220/S_150 ratio per shell: μ is achromatic and the dust-temperature scatter
 *   small); AGN: by quadrature over their luminosity functions and spectra ('expected', the default)
 *   or a seeded sample (agn/sample.ts) carrying their own 95/150/220 GHz fluxes (floors 1.5σ),
 *   detection probability per source. Sources fainter than 1σ in a band are not counted as its
 *   detections (those would be noise peaks, not the source).
 *
 * Pure and deterministic: the AGN sample depends only on the parameters, `agnSeed` and `agnAreaDeg2`.
 *
 * @example sptSynchrotronFraction(resolveParams(), 'spt-sz').anyBand.synchrotronFraction
 */
import erfc from '@stdlib/math-base-special-erfc';
import { UserError } from '../errors.js';
import { boxForArea } from '../sky/area.js';
import { precomputeAgnCounts } from './agn/expected.js';
import { AGN_LOG_L_MIN } from './agn/lf.js';
import { sampleRadioAgn } from './agn/sample.js';
import { BANDS, type Band } from './bands.js';
import { type CountsPopulation, expectedDnds } from './counts.js';
import { expectedGalaxyCounts, FINE_STEP, N_S, S_MIN_LOG } from './expected-counts.js';
import { buildGalaxyModel } from './galaxy-model.js';
import { getSurveyPreset } from './instruments/presets.js';
import { type SurveyPreset, totalNoiseMJy } from './instruments/survey.js';
import type { Params } from './params.js';

const SR_PER_DEG2 = (Math.PI / 180) ** 2;
/** SPT detection bands, in order of frequency. */
export const SPT_FRACTION_BANDS: readonly Band[] = ['spt95', 'spt150', 'spt220'];
/** Bands of the dusty any-band (rank-matched) selection; the first is the reference of the ranks. */
const DUSTY_BANDS = ['spt150', 'spt95', 'spt220'] as const;
/** Per-band grid: 400 log bins of 0.01 dex from 0.5 mJy. */
const GRID_N = 400;

/** Survey-independent inputs; compute once with `sptFractionInputs` to evaluate several surveys. */
export interface SptFractionInputs {
  /** Per-shell fine dusty counts per sr at 95 / 150 / 220 GHz (expectedGalaxyCounts `perShellFine`). */
  galaxyFine?: { nShells: number; spt95: Float64Array; spt150: Float64Array; spt220: Float64Array };
  /** Per-band grid and expected dN/dS (Jy⁻¹ sr⁻¹) for the per-band table. */
  perBand?: { loMJy: Float64Array; hiMJy: Float64Array; dnds: Map<Band, Record<CountsPopulation, Float64Array>> };
}

export interface SptFractionOptions {
  /**
   * AGN any-band detections from the expectation by quadrature ('expected', the default: no sampling
   * noise; see `agnAnyBandExpected`) or from a seeded sample ('sample': 400 deg², seed 7 by default).
   */
  agnMethod?: 'sample' | 'expected';
  /** Area of the AGN sample, deg² (default 400; its Poisson noise is `anyBand.synchrotronSigmaPerDeg2`). */
  agnAreaDeg2?: number;
  /** Seed of the AGN sample (default 7). */
  agnSeed?: number;
  /** Include radio AGN (default true); without them the any-band synchrotron density is 0. */
  includeAgn?: boolean;
  /** Include dusty galaxies (default true); without them the any-band dusty density is 0. */
  includeGalaxies?: boolean;
  /** Compute the per-band table (default true). */
  perBand?: boolean;
  /** Precomputed survey-independent inputs (from `sptFractionInputs` with the same params). */
  inputs?: SptFractionInputs;
}

export interface SptBandDetections {
  band: Band;
  noiseMJy: number;
  snrThreshold: number;
  synchrotronPerDeg2: number;
  dustyPerDeg2: number;
  synchrotronFraction: number;
}

export interface SptFractions {
  survey: string;
  snrThreshold: number;
  /** Detections per band (expected counts); empty when `perBand: false`. */
  perBand: SptBandDetections[];
  anyBand: {
    synchrotronPerDeg2: number;
    dustyPerDeg2: number;
    synchrotronFraction: number;
    /** Poisson standard error of `synchrotronPerDeg2` from the finite AGN sample: √(Σ P_k²) / area. */
    synchrotronSigmaPerDeg2: number;
    /** AGN of the sample detected in each band alone, per deg² (same sample and noise model). */
    agnSingleBandPerDeg2: Partial<Record<Band, number>>;
    /** AGN drawn above the 1.5σ floors (0 with agnMethod 'expected'). */
    agnSampled: number;
  };
}

/** Galaxy fine counts per shell and/or the per-band expected counts, shared by the surveys. */
export function sptFractionInputs(
  params: Params,
  what: { galaxyFine?: boolean; perBand?: boolean } = { galaxyFine: true, perBand: true },
): SptFractionInputs {
  const out: SptFractionInputs = {};
  if (what.galaxyFine !== false) {
    const gm = buildGalaxyModel(params, [...DUSTY_BANDS]);
    const fine = {
      nShells: gm.nShells,
      spt95: new Float64Array(0),
      spt150: new Float64Array(0),
      spt220: new Float64Array(0),
    };
    for (const b of DUSTY_BANDS) {
      const arr = new Float64Array(gm.nShells * N_S);
      expectedGalaxyCounts(gm, [b], { perShellFine: { band: b, out: arr } });
      fine[b] = arr;
    }
    out.galaxyFine = fine;
  }
  if (what.perBand !== false) {
    const loMJy = new Float64Array(GRID_N);
    const hiMJy = new Float64Array(GRID_N);
    for (let i = 0; i < GRID_N; i++) {
      loMJy[i] = 0.5 * 10 ** (i / 100);
      hiMJy[i] = 0.5 * 10 ** ((i + 1) / 100);
    }
    out.perBand = { loMJy, hiMJy, dnds: expectedDnds(params, SPT_FRACTION_BANDS, { loMJy, hiMJy }) };
  }
  return out;
}

/**
 * Any-band detected dusty galaxies per sr: per shell, the 95 and 220 GHz counts are each matched by
 * rank to the 150 GHz ones (DUSTY_BANDS[0]).
 */
function dustyAnyBandPerSr(
  fine: NonNullable<SptFractionInputs['galaxyFine']>,
  pdet: (b: Band, sMJy: number) => number,
): number {
  const sMid = (i: number) => 10 ** (S_MIN_LOG + (i + 0.5) * FINE_STEP);
  const [ref, ...others] = DUSTY_BANDS;
  const j = new Int32Array(others.length);
  const cumC = new Float64Array(others.length);
  let dusty = 0;
  for (let sh = 0; sh < fine.nShells; sh++) {
    const a = fine[ref].subarray(sh * N_S, (sh + 1) * N_S);
    const c = others.map((b) => fine[b].subarray(sh * N_S, (sh + 1) * N_S));
    j.fill(N_S - 1);
    cumC.fill(0);
    let cumA = 0;
    for (let i = N_S - 1; i >= 0; i--) {
      if (!(a[i] > 0)) continue;
      // In each other band, the flux at the same cumulative rank (counted from the bright end) as the
      // middle of this 150 GHz bin: its bin j, and log-linearly within it (the bin-centre flux biases
      // the 95 GHz detections by ~1 %, test/model/spt-fractions.test.ts).
      const target = cumA + 0.5 * a[i];
      cumA += a[i];
      let miss = 1 - pdet(ref, sMid(i));
      for (let o = 0; o < others.length; o++) {
        const co = c[o];
        while (j[o] > 0 && cumC[o] + co[j[o]] < target) {
          cumC[o] += co[j[o]];
          j[o]--;
        }
        const fr = co[j[o]] > 0 ? Math.min(1, Math.max(0, (target - cumC[o]) / co[j[o]])) : 0.5;
        miss *= 1 - pdet(others[o], 10 ** (S_MIN_LOG + (j[o] + 1 - fr) * FINE_STEP));
      }
      dusty += a[i] * (1 - miss);
    }
  }
  return dusty;
}

/** Synchrotron-dominated vs dusty detections at a survey's depth (see the module comment). */
export function sptSynchrotronFraction(
  params: Params,
  survey: string | SurveyPreset,
  opts: SptFractionOptions = {},
): SptFractions {
  const sv = typeof survey === 'string' ? getSurveyPreset(survey) : survey;
  const t = sv.detection.snrThreshold;
  const sig = new Map<Band, number>(sv.bands.map((bd) => [bd.band, totalNoiseMJy(bd)]));
  for (const b of SPT_FRACTION_BANDS)
    if (!sig.has(b)) throw new UserError(`survey ${sv.name}: no ${b} band (needs ${SPT_FRACTION_BANDS.join(', ')})`);
  const includeAgn = opts.includeAgn !== false;
  const includeGalaxies = opts.includeGalaxies !== false;
  const wantPerBand = opts.perBand !== false;
  const inputs = { ...opts.inputs };
  if ((includeGalaxies && !inputs.galaxyFine) || (wantPerBand && !inputs.perBand)) {
    Object.assign(
      inputs,
      sptFractionInputs(params, {
        galaxyFine: includeGalaxies && !inputs.galaxyFine,
        perBand: wantPerBand && !inputs.perBand,
      }),
    );
  }

  const perBand: SptBandDetections[] = [];
  if (wantPerBand && inputs.perBand) {
    const { loMJy, hiMJy, dnds } = inputs.perBand;
    for (const b of SPT_FRACTION_BANDS) {
      const e = dnds.get(b);
      const sigma = sig.get(b) as number;
      if (!e) continue;
      let ns = 0;
      let nd = 0;
      for (let i = 0; i < loMJy.length; i++) {
        const sm = Math.sqrt(loMJy[i] * hiMJy[i]);
        const w = ((hiMJy[i] - loMJy[i]) / 1000) * 0.5 * erfc((t * sigma - sm) / (Math.SQRT2 * sigma));
        if (includeAgn) ns += e.synchrotron[i] * w;
        if (includeGalaxies) nd += e.dusty[i] * w;
      }
      perBand.push({
        band: b,
        noiseMJy: sigma,
        snrThreshold: t,
        synchrotronPerDeg2: ns * SR_PER_DEG2,
        dustyPerDeg2: nd * SR_PER_DEG2,
        synchrotronFraction: ns / (ns + nd),
      });
    }
  }

  const pdet = (b: Band, sMJy: number) => {
    const sg = sig.get(b) as number;
    return sMJy < sg ? 0 : 0.5 * erfc((t * sg - sMJy) / (Math.SQRT2 * sg));
  };
  const dustyPerDeg2 =
    includeGalaxies && inputs.galaxyFine ? dustyAnyBandPerSr(inputs.galaxyFine, pdet) * SR_PER_DEG2 : 0;

  let sync = 0;
  let sync2 = 0;
  let agnSampled = 0;
  const single: Partial<Record<Band, number>> = {};
  const areaDeg2 = opts.agnAreaDeg2 ?? 400;
  if (includeAgn && (opts.agnMethod ?? 'expected') === 'expected') {
    const e = agnAnyBandExpected(params, sig, pdet);
    return {
      survey: sv.name,
      snrThreshold: t,
      perBand,
      anyBand: {
        synchrotronPerDeg2: e.anyPerDeg2,
        dustyPerDeg2,
        synchrotronFraction: e.anyPerDeg2 / (e.anyPerDeg2 + dustyPerDeg2),
        synchrotronSigmaPerDeg2: 0,
        agnSingleBandPerDeg2: e.singlePerDeg2,
        agnSampled: 0,
      },
    };
  }
  if (includeAgn) {
    const floor: Partial<Record<Band, number>> = {};
    for (const b of SPT_FRACTION_BANDS) floor[b] = 1.5 * (sig.get(b) as number);
    const agn = sampleRadioAgn(params, boxForArea(30, -55, areaDeg2), opts.agnSeed ?? 7, floor, SPT_FRACTION_BANDS);
    agnSampled = agn.n;
    for (const b of SPT_FRACTION_BANDS) single[b] = 0;
    for (let k = 0; k < agn.n; k++) {
      let miss = 1;
      for (const b of SPT_FRACTION_BANDS) {
        const p = pdet(b, (agn.fluxMJy[b] as Float64Array)[k]);
        miss *= 1 - p;
        single[b] = (single[b] as number) + p;
      }
      sync += 1 - miss;
      sync2 += (1 - miss) ** 2;
    }
    for (const b of SPT_FRACTION_BANDS) single[b] = (single[b] as number) / areaDeg2;
  }
  const synchrotronPerDeg2 = sync / areaDeg2;
  return {
    survey: sv.name,
    snrThreshold: t,
    perBand,
    anyBand: {
      synchrotronPerDeg2,
      dustyPerDeg2,
      synchrotronFraction: synchrotronPerDeg2 / (synchrotronPerDeg2 + dustyPerDeg2),
      synchrotronSigmaPerDeg2: Math.sqrt(sync2) / areaDeg2,
      agnSingleBandPerDeg2: single,
      agnSampled,
    },
  };
}

/** LF table step of agn/expected.ts (log L_j = AGN_LOG_L_MIN + j · step, 38 as the top node). */
const AGN_TABLE_LOG_L_STEP = 0.01;
const AGN_TABLE_N_L = Math.round((38 - AGN_LOG_L_MIN) / AGN_TABLE_LOG_L_STEP) + 1;

/**
 * Expected AGN detections per deg², any band and each band alone, with the selection of the sample
 * path (a source counts only if it reaches 1.5σ in some band; detection probability `pdet` per band):
 *
 *   N = Σ_pop ∫ dz dV/dz/dΩ Σ_k w_k ∫ dlog L φ(log L, z) P_any(10^(log L + Δ_k^b(z)), b = 95/150/220)
 *
 * on the redshift / spectral-node / log L quadrature of agn/expected.ts (`precomputeAgnCounts`, whose
 * nodes are the same at every frequency, so Δ_k^b(z) lines up across bands).
 */
function agnAnyBandExpected(
  params: Params,
  sig: Map<Band, number>,
  pdet: (b: Band, sMJy: number) => number,
): { anyPerDeg2: number; singlePerDeg2: Partial<Record<Band, number>> } {
  const nb = SPT_FRACTION_BANDS.length;
  const pre = SPT_FRACTION_BANDS.map((b) => precomputeAgnCounts(params, BANDS[b].freqGHz));
  const floorLog = SPT_FRACTION_BANDS.map((b) => Math.log10(1.5 * (sig.get(b) as number)));
  // Above (t + 9)σ a band's detection probability is 1 in float64 (½ erfc(9/√2) < 1e-19).
  const satLog = SPT_FRACTION_BANDS.map((b) => {
    const sg = sig.get(b) as number;
    let x = Math.log10(sg);
    while (pdet(b, 10 ** x) < 1) x += 0.01;
    return x;
  });
  const single = new Float64Array(nb);
  const p = new Float64Array(nb);
  const suffix = new Float64Array(AGN_TABLE_N_L + 1);
  let any = 0;
  for (let q = 0; q < pre[0].length; q++) {
    const base = pre[0][q];
    const nz = base.z.length;
    const nk = base.spectralWeight.length;
    if (base.lfTable.length !== nz * AGN_TABLE_N_L) throw new Error('agn/expected.ts LF table layout changed');
    for (let i = 0; i < nz; i++) {
      const row = base.lfTable.subarray(i * AGN_TABLE_N_L, (i + 1) * AGN_TABLE_N_L);
      suffix[AGN_TABLE_N_L] = 0;
      for (let j = AGN_TABLE_N_L - 1; j >= 0; j--) suffix[j] = suffix[j + 1] + Math.max(row[j], 0);
      for (let k = 0; k < nk; k++) {
        const wk = base.volumeWeight[i] * base.spectralWeight[k] * AGN_TABLE_LOG_L_STEP;
        if (!(wk > 0)) continue;
        // From the first log L node where some band reaches its 1.5σ floor (below it the sample keeps
        // nothing) to the first where every band is certainly detected (the rest adds its LF weight).
        let jMin = AGN_TABLE_N_L;
        let jSat = 0;
        for (let b = 0; b < nb; b++) {
          const off = pre[b][q].offset[i * nk + k];
          const j = Math.ceil((floorLog[b] - off - AGN_LOG_L_MIN) / AGN_TABLE_LOG_L_STEP);
          jMin = Math.min(jMin, Math.max(0, j));
          const js = Math.ceil((satLog[b] - off - AGN_LOG_L_MIN) / AGN_TABLE_LOG_L_STEP) + 1;
          jSat = Math.max(jSat, Math.min(AGN_TABLE_N_L, Math.max(0, js)));
        }
        jSat = Math.max(jSat, jMin);
        for (let j = jMin; j < jSat; j++) {
          const w = wk * row[j];
          if (!(w > 0)) continue;
          const logL = AGN_LOG_L_MIN + j * AGN_TABLE_LOG_L_STEP;
          let kept = false;
          for (let b = 0; b < nb; b++) {
            const lf = logL + pre[b][q].offset[i * nk + k];
            if (lf >= floorLog[b]) kept = true;
            p[b] = lf >= satLog[b] ? 1 : pdet(SPT_FRACTION_BANDS[b], 10 ** lf);
          }
          if (!kept) continue;
          let miss = 1;
          for (let b = 0; b < nb; b++) {
            miss *= 1 - p[b];
            single[b] += w * p[b];
          }
          any += w * (1 - miss);
        }
        const tail = wk * suffix[jSat];
        any += tail;
        for (let b = 0; b < nb; b++) single[b] += tail;
      }
    }
  }
  const singlePerDeg2: Partial<Record<Band, number>> = {};
  SPT_FRACTION_BANDS.forEach((b, i) => {
    singlePerDeg2[b] = single[i] * SR_PER_DEG2;
  });
  return { anyPerDeg2: any * SR_PER_DEG2, singlePerDeg2 };
}
