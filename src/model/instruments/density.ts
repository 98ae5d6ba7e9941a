/**
 * The source density a survey implies for a model: detections per deg² in each detection band,
 * ∫ dN/dS · P(S_obs ≥ t σ | S) dS with P = ½ erfc((t σ − S) / (√2 σ)) for Gaussian noise σ and
 * threshold t (completeness including the upscattering of faint sources, i.e. Eddington bias).
 */
import erfc from '@stdlib/math-base-special-erfc';
import type { Band } from '../bands.js';
import { type SurveyPreset, totalNoiseMJy } from './survey.js';

const SR_PER_DEG2 = (Math.PI / 180) ** 2;

/**
 * Expected detections per deg² in each detection band, given dN/dS [Jy⁻¹ sr⁻¹] as a function of flux (mJy).
 * @example impliedSourceDensityPerDeg2(getSurveyPreset('spt-sz'), (b, s) => agnExpectedDnds(p, b, s)).spt150
 */
export function impliedSourceDensityPerDeg2(
  survey: SurveyPreset,
  dnds: (band: Band, fluxMJy: Float64Array) => Float64Array,
  maxFluxMJy = 1e5,
): Partial<Record<Band, number>> {
  const out: Partial<Record<Band, number>> = {};
  for (const name of survey.detection.bands) {
    const b = survey.bands.find((x) => x.band === name)!;
    const sigma = totalNoiseMJy(b);
    const t = survey.detection.snrThreshold * sigma;
    // 40 points per dex in log S from 0.1 σ (where P is negligible) to maxFlux; trapezoid in ln S.
    const lo = Math.log(0.1 * sigma);
    const hi = Math.log(maxFluxMJy);
    const n = Math.ceil(((hi - lo) / Math.LN10) * 40) + 1;
    const h = (hi - lo) / (n - 1);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = Math.exp(lo + i * h);
    const d = dnds(name, s);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const p = 0.5 * erfc((t - s[i]) / (Math.SQRT2 * sigma));
      sum += (i === 0 || i === n - 1 ? 0.5 : 1) * d[i] * s[i] * 1e-3 * p * h;
    }
    out[name] = sum * SR_PER_DEG2;
  }
  return out;
}
