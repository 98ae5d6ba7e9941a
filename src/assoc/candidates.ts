/**
 * Primary–secondary candidate pairs within the radius, as one CSR list per secondary: for primary p,
 * rows start[p]..start[p+1] of `row`/`sepArcsec`, in increasing secondary row. The small primary
 * catalogue is indexed and each secondary is streamed once in row order, so the secondaries (millions
 * of rows) are read sequentially and never copied or sorted.
 */
import { GrowableF64, GrowableI32 } from './grow.js';
import {
  buildCapMask,
  type CapMask,
  capMaskMarkBlock,
  capMaskMayHit,
  queryZoneIndex,
  type ZoneIndex,
} from './zone-index.js';

export interface CandidateLists {
  start: Int32Array;
  row: Int32Array;
  sepArcsec: Float64Array;
}

export function candidatePairs(
  primaryIndex: ZoneIndex,
  nPrimary: number,
  raDeg: Float64Array,
  decDeg: Float64Array,
  radiusArcsec: number,
): CandidateLists {
  const hitP = new GrowableI32(1 << 14);
  const hitS = new GrowableI32(1 << 14);
  const hitSep = new GrowableF64(1 << 14);
  let s = 0;
  const visit = (p: number, sep: number) => {
    hitP.push(p);
    hitS.push(s);
    hitSep.push(sep);
  };
  const n = raDeg.length;
  // Most secondaries of a large sparse field are nowhere near a primary: the mask skips their queries.
  // Building it costs about as much as a few queries per primary, so a secondary not much larger
  // than the primary (e.g. already cut to its candidate rows) goes without. Either way the exact
  // queries decide, so the lists are the same.
  const mask = n > 8 * nPrimary ? buildCapMask(primaryIndex, radiusArcsec) : null;
  for (s = 0; s < n; s++) {
    if (mask !== null && !capMaskMayHit(mask, raDeg[s], decDeg[s])) continue;
    queryZoneIndex(primaryIndex, raDeg[s], decDeg[s], radiusArcsec, visit);
  }
  // Stable counting sort by primary keeps each primary's candidates in secondary-row order.
  const m = hitP.length;
  const start = new Int32Array(nPrimary + 1);
  const pArr = hitP.data;
  for (let i = 0; i < m; i++) start[pArr[i] + 1]++;
  for (let p = 0; p < nPrimary; p++) start[p + 1] += start[p];
  const fill = start.slice(0, nPrimary);
  const row = new Int32Array(m);
  const sepArcsec = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k = fill[pArr[i]]++;
    row[k] = hitS.data[i];
    sepArcsec[k] = hitSep.data[i];
  }
  return { start, row, sepArcsec };
}

/**
 * The test `candidatePairs` applies to each secondary point (same mask, same exact query), block by
 * block: rows it marks are exactly the rows that have candidate pairs.
 */
export class NearPrimaryFilter {
  private readonly mask: CapMask | null;
  private hit = false;
  private readonly visit = () => {
    this.hit = true;
  };
  constructor(
    private readonly primaryIndex: ZoneIndex,
    private readonly radiusArcsec: number,
  ) {
    this.mask = buildCapMask(primaryIndex, radiusArcsec);
  }

  /** out[i] = 1 when some primary lies within the radius of (raDeg[i], decDeg[i]), else 0 (i < n). */
  mark(raDeg: Float64Array, decDeg: Float64Array, n: number, out: Uint8Array): void {
    if (this.mask !== null) capMaskMarkBlock(this.mask, raDeg, decDeg, n, out);
    else out.fill(1, 0, n);
    for (let i = 0; i < n; i++) {
      if (out[i] === 0) continue;
      out[i] = 0;
      this.hit = false;
      queryZoneIndex(this.primaryIndex, raDeg[i], decDeg[i], this.radiusArcsec, this.visit);
      if (this.hit) out[i] = 1;
    }
  }
}
