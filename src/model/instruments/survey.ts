/**
 * Survey presets: what an instrument sees. JSON files (presets/surveys/*.json, or a user's own via
 * a path given to --surveys) validated against SURVEY_SCHEMA with ajv; errors name the file and the JSON path.
 */
import type { Band } from '../bands.js';

export interface SurveyBand {
  readonly band: Band;
  /** Beam full width at half maximum, arcsec. */
  readonly fwhmArcsec: number;
  /** 1σ instrumental (map) noise for a point source, mJy. */
  readonly noiseMJy: number;
  /** 1σ confusion noise, mJy (added in quadrature; 0 where negligible). */
  readonly confusionMJy: number;
}

export interface PositionalErrorModel {
  /** σ per axis = coefficient · FWHM / (S/N), in quadrature with the floor (Condon 1997; Ivison et al. 2007). */
  readonly coefficient: number;
  /** Systematic floor per axis, arcsec (pointing, astrometric calibration). */
  readonly systematicArcsec: number;
  /** Beam used for astrometry if it differs from the detection band's (e.g. interferometric follow-up). */
  readonly fwhmArcsec?: number;
}

export interface SurveyPreset {
  readonly name: string;
  readonly description: string;
  /** Where each number comes from. */
  readonly references: readonly string[];
  readonly bands: readonly SurveyBand[];
  /** A source is detected when its S/N reaches the threshold in at least one detection band. */
  readonly detection: { readonly bands: readonly Band[]; readonly snrThreshold: number };
  readonly positionalError: PositionalErrorModel;
  /** Typical survey area, deg² (informative; simulations use --area). */
  readonly areaDeg2?: number;
}

/** Total 1σ flux noise of a band: instrumental and confusion noise in quadrature. */
export function totalNoiseMJy(b: SurveyBand): number {
  return Math.hypot(b.noiseMJy, b.confusionMJy);
}

/**
 * Per-axis 1σ positional error, arcsec, for a source detected at signal-to-noise `snr`:
 * σ = sqrt((c · FWHM / snr)² + σ_sys²), c ≈ 0.6 for a Gaussian beam (Condon 1997, PASP 109, 166,
 * eq. 21 with equal axes; Ivison et al. 2007, MNRAS 380, 199, eq. B22).
 */
export function positionalSigmaArcsec(model: PositionalErrorModel, fwhmArcsec: number, snr: number): number {
  const beam = model.fwhmArcsec ?? fwhmArcsec;
  const stat = (model.coefficient * beam) / Math.max(snr, 1e-9);
  return Math.hypot(stat, model.systematicArcsec);
}
