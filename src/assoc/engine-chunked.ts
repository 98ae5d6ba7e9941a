/**
 * `associateChunked`: the same association as `associate`, handed over in chunks of whole groups,
 * so that a caller can stream the output (the `nway` CLI writes FITS rows as they come). Groups are
 * independent once the candidates are known, so memory is one chunk, reused: nothing of the size of
 * the output is ever allocated (first touches of fresh memory cost ~3 ms/MB on small VMs).
 * Flux/magnitude priors are not supported here (automatic histograms need every group first): use
 * `associate` for them.
 */

import { setupAssociation, truncate } from './engine.js';
import { pairList } from './enumerate.js';
import { groupPosteriors, singlePosterior } from './posterior.js';
import type { AssociationColumns, AssociationOptions, CatalogInput } from './types.js';

export interface ChunkedAssociation {
  /** Output rows in all (before `minProb`). */
  readonly nrows: number;
  /** True when `dist_bayesfactor_corrected` is part of the output (k ≥ 3 and the correction on). */
  readonly corrected: boolean;
  /** Distinct rows (ascending) of catalogue c that appear in some output row (before `minProb`). */
  usedRows(c: number): Int32Array;
  /**
   * Enumerates and scores every group in primary order and calls `onChunk` with the rows of whole
   * groups, at least `chunkRows` at a time (except the last). The arrays are views of buffers reused
   * for the next chunk: copy what must outlive the call.
   */
  run(onChunk: (chunk: AssociationColumns) => void, chunkRows?: number): void;
}

/**
 * Rows per chunk: a float64 column of a chunk (64 KB) stays below malloc's mmap threshold, so the
 * chunk-sized arrays built for each chunk reuse freed heap memory instead of faulting in new pages.
 */
const DEFAULT_CHUNK_ROWS = 1 << 13;

export function associateChunked(catalogs: CatalogInput[], options: AssociationOptions): ChunkedAssociation {
  if ((options.mags ?? []).length > 0)
    throw new Error('associateChunked: flux/magnitude priors need every group first; use associate');
  const { k, nPrimary, candidates, covered, considerUnrelated, sink, enumerator } = setupAssociation(catalogs, options);
  let nrows = 0;
  for (let p = 0; p < nPrimary; p++) nrows += enumerator.count(p);
  const pairs = pairList(k);
  const acceptable = options.acceptableProb ?? 0.5;
  return {
    nrows,
    corrected: k >= 3 && considerUnrelated,
    usedRows(c: number): Int32Array {
      if (c === 0) return Int32Array.from({ length: nrows > 0 ? nPrimary : 0 }, (_, i) => i);
      // Every candidate pair is itself an output row (the primary and that one source).
      const lists = candidates[c];
      const n = catalogs[c].raDeg.length;
      const seen = new Uint8Array(n);
      let m = 0;
      if (lists)
        for (let i = 0; i < lists.row.length; i++) {
          const r = lists.row[i];
          if (seen[r] === 0) {
            seen[r] = 1;
            m++;
          }
        }
      const out = new Int32Array(m);
      for (let r = 0, j = 0; j < m; r++) if (seen[r] === 1) out[j++] = r;
      return out;
    },
    run(onChunk, chunkRows = DEFAULT_CHUNK_ROWS): void {
      let distPost = new Float64Array(0);
      let pAny = new Float64Array(0);
      let pI = new Float64Array(0);
      let matchFlag = new Int16Array(0);
      let ncat = new Int16Array(0);
      const step = Math.max(1, Math.floor(nPrimary / 200));
      const flush = () => {
        sink.groupStart.push(sink.length);
        const n = sink.length;
        if (distPost.length < n) {
          // Room for this chunk and a margin: grown rarely, reused for every later chunk.
          const cap = Math.max(n, 2 * chunkRows);
          distPost = new Float64Array(cap);
          pAny = new Float64Array(cap);
          pI = new Float64Array(cap);
          matchFlag = new Int16Array(cap);
          ncat = new Int16Array(cap);
        }
        const logBFCorrected = sink.logBFCorrected.data;
        const logW = sink.logPrior.data;
        // As in associate without biases: p_single = dist_post, log weight = log BF + log prior.
        for (let r = 0; r < n; r++) {
          distPost[r] = singlePosterior(logBFCorrected[r], logW[r]);
          logW[r] += logBFCorrected[r];
        }
        const gs = sink.groupStart.data;
        const nGroups = sink.groupStart.length - 1;
        for (let g = 0; g < nGroups; g++) groupPosteriors(logW, gs[g], gs[g + 1], acceptable, pAny, pI, matchFlag);
        const nc = sink.ncat.data;
        for (let r = 0; r < n; r++) ncat[r] = nc[r];
        const rows = sink.rows.map((g) => g.data.subarray(0, n));
        const dp = distPost.subarray(0, n);
        const cols: AssociationColumns = {
          nrows: n,
          rows,
          pairs,
          separationArcsec: sink.sep.map((g) => g.data.subarray(0, n)),
          separationMaxArcsec: sink.sepMax.data.subarray(0, n),
          ncat: ncat.subarray(0, n),
          logBayesFactor: sink.logBF.data.subarray(0, n),
          logBayesFactorCorrected: logBFCorrected.subarray(0, n),
          distPost: dp,
          bias: [],
          pSingle: dp,
          pAny: pAny.subarray(0, n),
          pI: pI.subarray(0, n),
          matchFlag: matchFlag.subarray(0, n),
          covered: covered.map((cov) => (cov ? Uint8Array.from(rows[0], (p) => cov[p]) : undefined)),
        };
        onChunk(truncate(cols, options.minProb ?? 0));
        sink.clear();
      };
      for (let p = 0; p < nPrimary; p++) {
        enumerator.run(p);
        if (sink.length >= chunkRows) flush();
        if (options.onProgress && (p % step === 0 || p === nPrimary - 1)) options.onProgress(p + 1, nPrimary);
      }
      if (sink.length > 0 || sink.groupStart.length > 0) flush();
    },
  };
}
