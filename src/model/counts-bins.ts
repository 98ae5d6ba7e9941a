/**
 * Flux bins of `mmassoc counts` and conversion of fine expected counts into dN/dS per bin.
 */
import { FINE_STEP, type FineCounts, N_S, S_MIN_LOG } from './expected-counts.js';

export interface FluxBins {
  loMJy: Float64Array;
  hiMJy: Float64Array;
}

/** Log-uniform bins, `perDex` per decade from loMJy to hiMJy (default 10 per dex, 1 µJy – 10 Jy). */
export function logBins(loMJy = 1e-3, hiMJy = 1e4, perDex = 10): FluxBins {
  const n = Math.round(Math.log10(hiMJy / loMJy) * perDex);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = loMJy * 10 ** (i / perDex);
    hi[i] = loMJy * 10 ** ((i + 1) / perDex);
  }
  return { loMJy: lo, hiMJy: hi };
}

/**
 * Sources per sr in each bin from fine counts (fine bins split proportionally in log S at bin edges).
 */
export function fineToBins(fine: Float64Array, bins: FluxBins): Float64Array {
  const out = new Float64Array(bins.loMJy.length);
  for (let b = 0; b < out.length; b++) {
    const a = (Math.log10(bins.loMJy[b]) - S_MIN_LOG) / FINE_STEP;
    const c = (Math.log10(bins.hiMJy[b]) - S_MIN_LOG) / FINE_STEP;
    let acc = 0;
    for (let i = Math.max(0, Math.floor(a)); i < Math.min(N_S, Math.ceil(c)); i++) {
      const overlap = Math.min(i + 1, c) - Math.max(i, a);
      if (overlap > 0) acc += fine[i] * overlap;
    }
    out[b] = acc;
  }
  return out;
}

/** Both populations of FineCounts binned. */
export function binnedCounts(fc: FineCounts, bins: FluxBins): { dusty: Float64Array; synchrotron: Float64Array } {
  return { dusty: fineToBins(fc.dusty, bins), synchrotron: fineToBins(fc.synchrotron, bins) };
}
