/**
 * A declination-zone × RA-cell grid over one catalogue, built by a counting sort (O(n), no trig),
 * answering "every source within r of a point" exactly at every declination: the cells visited
 * cover the |Δα| ≤ asin(sin r / cos δ) bound, and each source found is re-tested by its exact
 * great-circle separation (the flat-sky misses of NWAY's RA/Dec hashing cannot happen).
 * The grid spans only the occupied RA interval (found from 0.1° occupancy bins), so a small field
 * gets small cells, and has about as many cells as sources (memory O(n)).
 */
import { ARCSEC_PER_RAD, DEG_PER_RAD, isValidPosition } from './sphere.js';

export interface ZoneIndex {
  readonly radiusDeg: number;
  readonly decMinDeg: number;
  readonly zoneHeightDeg: number;
  readonly nZones: number;
  /** Grid RA coordinate u = (ra − raStartDeg) mod 360 ∈ [0, raSpanDeg]. */
  readonly raStartDeg: number;
  readonly raSpanDeg: number;
  /** Number of RA cells in each zone and the first cell of each zone. */
  readonly nRa: Int32Array;
  readonly zoneFirstCell: Int32Array;
  /** cellStart[c]..cellStart[c+1] index the sorted arrays. */
  readonly cellStart: Int32Array;
  /**
   * Per zone, a bound on |Δα| (deg) for every query point inside the zone at the build radius:
   * asin(sin r / cos δ_max) with δ_max the zone's largest |Dec| plus r; 360 where the cap reaches a pole.
   */
  readonly halfRaDeg: Float64Array;
  /** Sources sorted by cell (original order within a cell): RA in [0, 360), Dec, original row. */
  readonly raDeg: Float64Array;
  readonly decDeg: Float64Array;
  readonly row: Int32Array;
}

const RA_BINS = 3600;

function normRa(a: number): number {
  let r = a % 360;
  if (r < 0) r += 360;
  return r;
}

/** The occupied RA interval [start, start + span] (deg), leaving out the largest empty 0.1° gap. */
function raInterval(raDeg: Float64Array, decDeg: Float64Array): { start: number; span: number } {
  const occ = new Uint8Array(RA_BINS);
  for (let i = 0; i < raDeg.length; i++) {
    if (!isValidPosition(raDeg[i], decDeg[i])) continue;
    let b = Math.floor((normRa(raDeg[i]) * RA_BINS) / 360);
    if (b >= RA_BINS) b = RA_BINS - 1;
    occ[b] = 1;
  }
  let bestLen = 0;
  let bestEnd = 0;
  let run = 0;
  // Two passes around the circle find the longest circular run of empty bins.
  for (let k = 0; k < 2 * RA_BINS; k++) {
    if (occ[k % RA_BINS]) run = 0;
    else {
      run++;
      if (run > bestLen && run <= RA_BINS) {
        bestLen = run;
        bestEnd = k % RA_BINS;
      }
    }
  }
  if (bestLen < 2 || bestLen >= RA_BINS) return { start: 0, span: 360 };
  const start = (((bestEnd + 1) % RA_BINS) * 360) / RA_BINS;
  return { start, span: ((RA_BINS - bestLen) * 360) / RA_BINS };
}

/** Builds the grid for queries of radius up to `radiusArcsec`. */
export function buildZoneIndex(raDeg: Float64Array, decDeg: Float64Array, radiusArcsec: number): ZoneIndex {
  const n = raDeg.length;
  const radiusDeg = radiusArcsec / 3600;
  let decMin = 90;
  let decMax = -90;
  let nValid = 0;
  for (let i = 0; i < n; i++) {
    const d = decDeg[i];
    if (!isValidPosition(raDeg[i], d)) continue;
    nValid++;
    if (d < decMin) decMin = d;
    if (d > decMax) decMax = d;
  }
  if (nValid === 0) {
    decMin = 0;
    decMax = 0;
  }
  const { start: raStart, span: raSpan } = raInterval(raDeg, decDeg);
  // Bounding-box area (deg²); cells ≈ max(r², area / n).
  const boxDeg2 = raSpan * DEG_PER_RAD * Math.abs(Math.sin(decMax / DEG_PER_RAD) - Math.sin(decMin / DEG_PER_RAD));
  const h = Math.min(180, Math.max(radiusDeg, Math.sqrt(boxDeg2 / Math.max(1, nValid)), 1e-7));
  const nZones = Math.max(1, Math.ceil((decMax - decMin) / h + 1e-9));
  const nRa = new Int32Array(nZones);
  const zoneFirstCell = new Int32Array(nZones + 1);
  const halfRaDeg = new Float64Array(nZones);
  for (let z = 0; z < nZones; z++) {
    const lo = decMin + z * h;
    const hi = lo + h;
    // Cells about h wide on the sky at the zone's equator-most edge.
    const cosEdge = lo <= 0 && hi >= 0 ? 1 : Math.cos(Math.min(Math.abs(lo), Math.abs(hi)) / DEG_PER_RAD);
    nRa[z] = Math.max(1, Math.min(1 << 22, Math.floor((raSpan * cosEdge) / h)));
    zoneFirstCell[z + 1] = zoneFirstCell[z] + nRa[z];
    const dMax = Math.max(Math.abs(lo), Math.abs(hi)) + radiusDeg;
    const s = dMax < 90 - 1e-9 ? Math.sin(radiusDeg / DEG_PER_RAD) / Math.cos(dMax / DEG_PER_RAD) : 2;
    halfRaDeg[z] = s < 1 ? Math.asin(s) * DEG_PER_RAD + 1e-9 : 360;
  }
  const nCells = zoneFirstCell[nZones];
  const cellOf = new Int32Array(n);
  const cellStart = new Int32Array(nCells + 1);
  for (let i = 0; i < n; i++) {
    const d = decDeg[i];
    const a = raDeg[i];
    if (!isValidPosition(a, d)) {
      cellOf[i] = -1;
      continue;
    }
    let z = Math.floor((d - decMin) / h);
    if (z >= nZones) z = nZones - 1;
    else if (z < 0) z = 0;
    const m = nRa[z];
    let c = Math.floor((normRa(a - raStart) * m) / raSpan);
    if (c >= m) c = m - 1;
    const cell = zoneFirstCell[z] + c;
    cellOf[i] = cell;
    cellStart[cell + 1]++;
  }
  for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, nCells);
  const sRa = new Float64Array(nValid);
  const sDec = new Float64Array(nValid);
  const sRow = new Int32Array(nValid);
  for (let i = 0; i < n; i++) {
    const cell = cellOf[i];
    if (cell < 0) continue;
    const k = fill[cell]++;
    sRa[k] = normRa(raDeg[i]);
    sDec[k] = decDeg[i];
    sRow[k] = i;
  }
  return {
    radiusDeg,
    decMinDeg: decMin,
    zoneHeightDeg: h,
    nZones,
    raStartDeg: raStart,
    raSpanDeg: raSpan,
    nRa,
    zoneFirstCell,
    cellStart,
    halfRaDeg,
    raDeg: sRa,
    decDeg: sDec,
    row: sRow,
  };
}

/**
 * Calls `visit(row, sepArcsec)` for every source with separation < radiusArcsec (≤ the index radius)
 * from (raDeg, decDeg). Order of visits is by cell, not by row.
 */
export function queryZoneIndex(
  index: ZoneIndex,
  raDeg: number,
  decDeg: number,
  radiusArcsec: number,
  visit: (row: number, sepArcsec: number) => void,
): void {
  const rDeg = radiusArcsec / 3600;
  const h = index.zoneHeightDeg;
  // A small margin keeps the cell bounds conservative against round-off; the exact test decides.
  const margin = 1e-9;
  let z0 = Math.floor((decDeg - rDeg - margin - index.decMinDeg) / h);
  let z1 = Math.floor((decDeg + rDeg + margin - index.decMinDeg) / h);
  if (z1 < 0 || z0 >= index.nZones || Number.isNaN(decDeg)) return;
  if (z0 < 0) z0 = 0;
  if (z1 >= index.nZones) z1 = index.nZones - 1;
  const zq = Math.floor((decDeg - index.decMinDeg) / h);
  let halfRa = 360;
  if (zq >= 0 && zq < index.nZones && rDeg <= index.radiusDeg) {
    halfRa = index.halfRaDeg[zq];
  } else if (Math.abs(decDeg) + rDeg < 90 - 1e-9) {
    // |Δα| ≤ asin(sin r / cos δ) for every point within r, unless the cap reaches a pole.
    const s = Math.sin(rDeg / DEG_PER_RAD) / Math.cos(decDeg / DEG_PER_RAD);
    if (s < 1) halfRa = Math.asin(s) * DEG_PER_RAD + margin;
  }
  const ra0 = normRa(raDeg);
  const span = index.raSpanDeg;
  const u = normRa(raDeg - index.raStartDeg);
  // Trigonometry of the query point, computed on the first source that passes the Dec filter.
  let sd0 = 2;
  let cd0 = 0;
  const { cellStart, zoneFirstCell, nRa } = index;
  const sRa = index.raDeg;
  const sDec = index.decDeg;
  const sRow = index.row;
  for (let z = z0; z <= z1; z++) {
    const m = nRa[z];
    const first = zoneFirstCell[z];
    const all = 2 * halfRa >= span - span / m;
    // The query interval [u − Δα, u + Δα] and its copies shifted by ±360° (they are disjoint here).
    for (let shift = -360; shift <= 360; shift += 360) {
      let c0: number;
      let c1: number;
      if (all) {
        if (shift !== 0) continue;
        c0 = 0;
        c1 = m - 1;
      } else {
        const lo = u + shift - halfRa;
        const hi = u + shift + halfRa;
        if (hi < 0 || lo > span) continue;
        c0 = lo <= 0 ? 0 : Math.floor((lo * m) / span);
        c1 = Math.floor((hi * m) / span);
        if (c1 >= m) c1 = m - 1;
      }
      const kEnd = cellStart[first + c1 + 1];
      for (let k = cellStart[first + c0]; k < kEnd; k++) {
        const dd = sDec[k];
        if (Math.abs(dd - decDeg) >= rDeg + margin) continue;
        if (sd0 === 2) {
          sd0 = Math.sin(decDeg / DEG_PER_RAD);
          cd0 = Math.cos(decDeg / DEG_PER_RAD);
        }
        // Vincenty separation (exact at all angles).
        const d1 = dd / DEG_PER_RAD;
        const dl = (sRa[k] - ra0) / DEG_PER_RAD;
        const s1 = Math.sin(d1);
        const c1d = Math.cos(d1);
        const sl = Math.sin(dl);
        const cl = Math.cos(dl);
        const x = c1d * sl;
        const y = cd0 * s1 - sd0 * c1d * cl;
        const sep = Math.atan2(Math.sqrt(x * x + y * y), sd0 * s1 + cd0 * c1d * cl) * ARCSEC_PER_RAD;
        if (sep < radiusArcsec) visit(sRow[k], sep);
      }
    }
  }
}

/**
 * A coarse occupancy grid of the indexed sources' search caps: a cell is set when some source's cap
 * of radius r (bounded by its Dec ± r and RA ± asin(sin r / cos(|δ| + r)) box) touches it. A point
 * whose cell is unset has no source within r, so most queries of a large, sparse match end after
 * one array read. Null where the caps are too wide in RA for the grid (near a pole, huge radius).
 */
export interface CapMask {
  readonly decOriginDeg: number;
  readonly cellDeg: number;
  readonly nDec: number;
  /** RA axis: u = (ra − raStartDeg) mod 360, shifted by padDeg so that the axis starts at 0. */
  readonly raStartDeg: number;
  readonly padDeg: number;
  readonly spanDeg: number;
  readonly nRa: number;
  /** One bit per cell (cell c: byte c >> 3, bit c & 7): 8× smaller than a byte per cell, so the
   * random look-ups of an unsorted secondary stay in cache. */
  readonly bits: Uint8Array;
}

/** Cells per indexed source: enough that a sparse grid rejects most points, few enough to stay small. */
const MASK_CELLS_PER_SOURCE = 64;
const MASK_MAX_CELLS = 1 << 23;
const MASK_MAX_HALF_RA_DEG = 1;

export function buildCapMask(index: ZoneIndex, radiusArcsec: number): CapMask | null {
  const n = index.raDeg.length;
  const rDeg = radiusArcsec / 3600;
  if (n === 0 || !(rDeg > 0)) return null;
  // Margins far above the round-off of the index's own coordinates keep the mask conservative.
  const margin = 1e-7;
  let decLo = 90;
  let decHi = -90;
  let maxHalf = 0;
  for (let k = 0; k < n; k++) {
    const d = index.decDeg[k];
    if (d < decLo) decLo = d;
    if (d > decHi) decHi = d;
    const edge = Math.abs(d) + rDeg;
    if (edge >= 89) return null;
    const s = Math.sin(rDeg / DEG_PER_RAD) / Math.cos(edge / DEG_PER_RAD);
    if (!(s < 1)) return null;
    const half = Math.asin(s) * DEG_PER_RAD;
    if (half > maxHalf) maxHalf = half;
  }
  if (maxHalf > MASK_MAX_HALF_RA_DEG) return null;
  const pad = maxHalf + 2 * margin;
  const decOrigin = decLo - rDeg - 2 * margin;
  const decSpan = decHi + rDeg + 2 * margin - decOrigin;
  const raAxis = index.raSpanDeg + 2 * pad;
  if (raAxis >= 360) return null;
  const cell = Math.max(rDeg, Math.sqrt((decSpan * raAxis) / (MASK_CELLS_PER_SOURCE * n)));
  const nDec = Math.ceil(decSpan / cell) + 1;
  const nRa = Math.ceil(raAxis / cell) + 1;
  if (nDec * nRa > MASK_MAX_CELLS) return null;
  const bits = new Uint8Array((nDec * nRa + 7) >> 3);
  for (let k = 0; k < n; k++) {
    const d = index.decDeg[k];
    const half = Math.asin(Math.sin(rDeg / DEG_PER_RAD) / Math.cos((Math.abs(d) + rDeg) / DEG_PER_RAD)) * DEG_PER_RAD;
    const u = normRa(index.raDeg[k] - index.raStartDeg);
    // u of an indexed source lies in [0, span] up to round-off; the padded axis absorbs it.
    const b0 = Math.max(0, Math.floor((d - rDeg - margin - decOrigin) / cell));
    const b1 = Math.min(nDec - 1, Math.floor((d + rDeg + margin - decOrigin) / cell));
    const c0 = Math.max(0, Math.floor((u - half - margin + pad) / cell));
    const c1 = Math.min(nRa - 1, Math.floor((u + half + margin + pad) / cell));
    for (let b = b0; b <= b1; b++)
      for (let c = b * nRa + c0, end = b * nRa + c1; c <= end; c++) bits[c >> 3] |= 1 << (c & 7);
  }
  return {
    decOriginDeg: decOrigin,
    cellDeg: cell,
    nDec,
    raStartDeg: index.raStartDeg,
    padDeg: pad,
    spanDeg: index.raSpanDeg,
    nRa,
    bits,
  };
}

/** False only when no indexed source can lie within the mask's radius of (raDeg, decDeg). */
export function capMaskMayHit(mask: CapMask, raDeg: number, decDeg: number): boolean {
  const b = Math.floor((decDeg - mask.decOriginDeg) / mask.cellDeg);
  if (!(b >= 0 && b < mask.nDec)) return false;
  // normRa without a floating-point remainder for the usual case (equal results on [−360, 720)).
  let u = raDeg - mask.raStartDeg;
  if (u < 0) u += 360;
  else if (u >= 360) u -= 360;
  if (!(u >= 0 && u < 360)) u = normRa(u);
  // Points just below the interval's start wrap to u ≈ 360; bring them back next to it.
  if (u > mask.spanDeg + mask.padDeg) u -= 360;
  const c = Math.floor((u + mask.padDeg) / mask.cellDeg);
  if (!(c >= 0 && c < mask.nRa)) return false;
  const cell = b * mask.nRa + c;
  return (mask.bits[cell >> 3] & (1 << (cell & 7))) !== 0;
}

/**
 * capMaskMayHit over a block: out[i] = 1 where point i may have an indexed source within the radius.
 * One loop with the mask's fields in locals: a call per point would box its two doubles, and
 * millions of short-lived numbers cost more in GC than the test itself.
 */
export function capMaskMarkBlock(
  mask: CapMask,
  raDeg: Float64Array,
  decDeg: Float64Array,
  n: number,
  out: Uint8Array,
): void {
  const { decOriginDeg, cellDeg, nDec, raStartDeg, padDeg, spanDeg, nRa, bits } = mask;
  for (let i = 0; i < n; i++) {
    out[i] = 0;
    const b = Math.floor((decDeg[i] - decOriginDeg) / cellDeg);
    if (!(b >= 0 && b < nDec)) continue;
    // The same steps as capMaskMayHit.
    let u = raDeg[i] - raStartDeg;
    if (u < 0) u += 360;
    else if (u >= 360) u -= 360;
    if (!(u >= 0 && u < 360)) u = normRa(u);
    if (u > spanDeg + padDeg) u -= 360;
    const c = Math.floor((u + padDeg) / cellDeg);
    if (!(c >= 0 && c < nRa)) continue;
    const cell = b * nRa + c;
    if ((bits[cell >> 3] & (1 << (cell & 7))) !== 0) out[i] = 1;
  }
}
