/**
 * What a survey sees of a simulated sky: Gaussian flux noise in every band (instrumental and
 * confusion in quadrature), detection at S/N ≥ threshold in any detection band (so flux boosting
 * and incompleteness near the threshold arise by themselves), and positions scattered by the
 * positional-error model at the source's true S/N. The quoted errors are computed from the
 * observed S/N, as a catalogue would.
 */
import { UserError } from '../../errors.js';
import { hashKey, RandomStream } from '../../random/stream.js';
import { type Column, column } from '../../table/column.js';
import { Table } from '../../table/table.js';
import type { Band } from '../bands.js';
import { positionalSigmaArcsec, type SurveyPreset, totalNoiseMJy } from './survey.js';

/** The columns of a truth population that an observation reads (population.ts satisfies it). */
export interface ObservableSources {
  readonly n: number;
  readonly raDeg: Float64Array;
  readonly decDeg: Float64Array;
  readonly fluxMJy: Partial<Record<Band, Float64Array>>;
}

export interface Observation {
  /** id (row index), ra, dec, ra_err, dec_err, pos_err_arcsec, S_<band>, S_<band>_err, snr. */
  readonly catalogue: Table;
  /** Truth row of each detection, in catalogue order. */
  readonly detectedTruthIndex: Int32Array;
  /** Catalogue id (row) of each truth row's detection, −1 if undetected. */
  readonly truthDetectionId: Int32Array;
}

/** Stream tag for observation noise ("OBS1"). */
const STREAM_TAG = 0x4f425331;

function surveyKey(name: string): number {
  const words: number[] = [];
  for (let i = 0; i < name.length; i++) words.push(name.charCodeAt(i));
  return hashKey(words);
}

/**
 * Observes `truth` with `survey`. Deterministic per (seed, survey name).
 *
 * @example const { catalogue } = observe(population, getSurveyPreset('spt3g'), 1, { skyAreaDeg2: 25 });
 */
export function observe(
  truth: ObservableSources,
  survey: SurveyPreset,
  seed: number,
  opts: { skyAreaDeg2?: number } = {},
): Observation {
  const fluxOf = (b: Band): Float64Array => {
    const f = truth.fluxMJy[b];
    if (!f)
      throw new UserError(`survey ${survey.name} needs fluxes in band ${b}, which the simulation did not compute`);
    return f;
  };
  const rng = new RandomStream(seed, STREAM_TAG, surveyKey(survey.name));
  const n = truth.n;
  const bandIndex = new Map(survey.bands.map((b, i) => [b.band, i]));
  const det = survey.detection.bands.map((b) => survey.bands[bandIndex.get(b)!]);
  const detTrue = det.map((b) => fluxOf(b.band));
  const detSigma = det.map(totalNoiseMJy);
  const detObs = det.map(() => new Float64Array(n));
  // Detection: noise in the detection bands for every truth row, in a fixed order.
  const truthDetectionId = new Int32Array(n).fill(-1);
  const detected: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let d = 0; d < det.length; d++) {
      const s = detTrue[d][i] + detSigma[d] * rng.normal();
      detObs[d][i] = s;
      best = Math.max(best, s / detSigma[d]);
    }
    if (best >= survey.detection.snrThreshold) {
      truthDetectionId[i] = detected.length;
      detected.push(i);
    }
  }
  const m = detected.length;
  const detectedTruthIndex = Int32Array.from(detected);
  const cols: Column[] = [];
  const flux: Float64Array[] = survey.bands.map(() => new Float64Array(m));
  const fluxErr: Float64Array[] = survey.bands.map((b) => new Float64Array(m).fill(totalNoiseMJy(b)));
  const ra = new Float64Array(m);
  const dec = new Float64Array(m);
  const posErr = new Float64Array(m);
  const snr = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = detected[k];
    // Detection band with the highest observed S/N sets the astrometry.
    let dBest = 0;
    for (let d = 1; d < det.length; d++) if (detObs[d][i] / detSigma[d] > detObs[dBest][i] / detSigma[dBest]) dBest = d;
    snr[k] = detObs[dBest][i] / detSigma[dBest];
    survey.bands.forEach((b, j) => {
      const dj = survey.detection.bands.indexOf(b.band);
      flux[j][k] = dj >= 0 ? detObs[dj][i] : fluxOf(b.band)[i] + totalNoiseMJy(b) * rng.normal();
    });
    const trueSnr = detTrue[dBest][i] / detSigma[dBest];
    const fwhm = det[dBest].fwhmArcsec;
    const sigmaTrue = positionalSigmaArcsec(survey.positionalError, fwhm, Math.max(trueSnr, 1));
    posErr[k] = positionalSigmaArcsec(survey.positionalError, fwhm, snr[k]);
    const dxArcsec = sigmaTrue * rng.normal();
    const dyArcsec = sigmaTrue * rng.normal();
    const decTrue = truth.decDeg[i];
    const decObs = Math.max(-90, Math.min(90, decTrue + dyArcsec / 3600));
    const cosDec = Math.max(Math.cos((decTrue * Math.PI) / 180), 1e-12);
    let raObs = (truth.raDeg[i] + dxArcsec / 3600 / cosDec) % 360;
    if (raObs < 0) raObs += 360;
    ra[k] = raObs;
    dec[k] = decObs;
  }
  const id = new Int32Array(m);
  for (let k = 0; k < m; k++) id[k] = k;
  cols.push(column('id', id, { description: 'detection id (row index)' }));
  cols.push(column('ra', ra, { unit: 'deg', description: 'observed right ascension (ICRS)' }));
  cols.push(column('dec', dec, { unit: 'deg', description: 'observed declination (ICRS)' }));
  cols.push(column('ra_err', posErr.slice(), { unit: 'arcsec', description: '1-sigma error of RA * cos(dec)' }));
  cols.push(column('dec_err', posErr.slice(), { unit: 'arcsec', description: '1-sigma error of Dec' }));
  cols.push(column('pos_err_arcsec', posErr, { unit: 'arcsec', description: '1-sigma positional error per axis' }));
  survey.bands.forEach((b, j) => {
    cols.push(column(`S_${b.band}`, flux[j], { unit: 'mJy', description: `observed flux density, ${b.band}` }));
    cols.push(column(`S_${b.band}_err`, fluxErr[j], { unit: 'mJy', description: `1-sigma flux error, ${b.band}` }));
  });
  cols.push(column('snr', snr, { description: 'highest signal-to-noise ratio among the detection bands' }));
  const catalogue = new Table(
    cols,
    {
      name: survey.name,
      description: survey.description,
      ...(opts.skyAreaDeg2 !== undefined ? { skyAreaDeg2: opts.skyAreaDeg2 } : {}),
    },
    m,
  );
  return { catalogue, detectedTruthIndex, truthDetectionId };
}
