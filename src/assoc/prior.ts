/**
 * NWAY's prior (Salvato et al. 2018 §2; memo nway.md §2.1): full-sky source counts from SKYAREA and
 * the prior completeness, as log10 terms per present secondary.
 */
import { UserError } from '../errors.js';
import { FULL_SKY_DEG2 } from './sphere.js';

export interface PriorTerms {
  /** log10 N_i = log10(n_i / Ω_i · Ω_sky). */
  log10N: Float64Array;
  /** log10 N⁺_i = log10((n_i + 1) / Ω_i · Ω_sky) for secondaries; = log10 N_0 for the primary. */
  log10NPlus: Float64Array;
  /** log10 c_i (0 for the primary). */
  log10Completeness: Float64Array;
}

/** Per-catalogue completeness: a scalar c → c^(1/(k−1)) each (product c); a list → one per secondary. */
export function splitCompleteness(c: number | number[] | undefined, k: number): Float64Array {
  const out = new Float64Array(k);
  out[0] = 1;
  if (k === 1) return out;
  if (c === undefined) c = 1;
  if (typeof c === 'number') {
    if (!(c > 0 && c <= 1)) throw new UserError(`prior completeness ${c} must be in (0, 1]`);
    for (let i = 1; i < k; i++) out[i] = c ** (1 / (k - 1));
    return out;
  }
  if (c.length !== k - 1)
    throw new UserError(
      `--prior-completeness has ${c.length} values but there are ${k - 1} secondary catalogues; give one value per secondary (c1:c2:…) or a single value`,
    );
  for (let i = 1; i < k; i++) {
    const v = c[i - 1];
    if (!(v > 0 && v <= 1)) throw new UserError(`prior completeness ${v} must be in (0, 1]`);
    out[i] = v;
  }
  return out;
}

export function priorTerms(nRows: number[], skyAreaDeg2: number[], completeness: Float64Array): PriorTerms {
  const k = nRows.length;
  const log10N = new Float64Array(k);
  const log10NPlus = new Float64Array(k);
  const log10Completeness = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const area = skyAreaDeg2[i];
    log10N[i] = Math.log10((nRows[i] / area) * FULL_SKY_DEG2);
    // "+1": the option that the source is absent (memo §2.1); the primary cannot be absent.
    log10NPlus[i] = i === 0 ? log10N[i] : Math.log10(((nRows[i] + 1) / area) * FULL_SKY_DEG2);
    log10Completeness[i] = Math.log10(completeness[i]);
  }
  return { log10N, log10NPlus, log10Completeness };
}
