/**
 * Expected radio-loud AGN per steradian in each flux bin (parameter-independent in the traced
 * model): the AGN model's point dN/dS integrated over each bin in ln S with 8 midpoint nodes, as
 * `mmassoc counts` does (src/model/counts.ts).
 */
import { agnExpectedDnds } from '../agn/expected.js';
import type { Band } from '../bands.js';
import type { Params } from '../params.js';

export function agnPerSrInBins(params: Params, band: Band, loMJy: Float64Array, hiMJy: Float64Array): Float64Array {
  const k = 8;
  const nb = loMJy.length;
  const s = new Float64Array(nb * k);
  for (let i = 0; i < nb; i++) {
    const r = hiMJy[i] / loMJy[i];
    for (let j = 0; j < k; j++) s[i * k + j] = loMJy[i] * r ** ((j + 0.5) / k);
  }
  const dnds = agnExpectedDnds(params, band, s); // Jy⁻¹ sr⁻¹ at S in mJy
  const out = new Float64Array(nb);
  for (let i = 0; i < nb; i++) {
    const dln = Math.log(hiMJy[i] / loMJy[i]) / k;
    let acc = 0;
    for (let j = 0; j < k; j++) acc += (dnds[i * k + j] * s[i * k + j] * dln) / 1000; // ∫ dN/dS dS, S in Jy
    out[i] = acc;
  }
  return out;
}
