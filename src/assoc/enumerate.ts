/**
 * Per-primary candidate enumeration (memo nway.md §2.8, without its flat-sky misses): for one primary,
 * every combination of at most one source per secondary whose pairwise separations are ALL < radius,
 * in NWAY's row order (by each secondary's row, absent first), scored with the Bayes factor, the prior
 * and the unrelated-association correction (made linear per group, memo §2.4). Scratch buffers are
 * reused across groups.
 */

import type { CandidateLists } from './candidates.js';
import { GrowableF64, GrowableI32 } from './grow.js';
import type { PriorTerms } from './prior.js';
import { isValidPosition, separationArcsecVec, unitVector } from './sphere.js';
import type { PriorPlugin } from './types.js';

/**
 * log10 Bayes factor of n members (catalogue `cats[i]`, row `rows[i]`): psi2[i*n+j] = separation²
 * (arcsec², i < j), east/north = offsets on the tangent plane at the primary (arcsec).
 */
export type LogBayesFactorFn = (
  n: number,
  cats: Int32Array,
  rows: Int32Array,
  psi2: Float64Array,
  east: Float64Array,
  north: Float64Array,
) => number;

/** Columnar rows produced by the enumeration (distance part only). */
export class RowSink {
  readonly rows: GrowableI32[];
  readonly sep: GrowableF64[];
  readonly sepMax = new GrowableF64();
  readonly ncat = new GrowableI32();
  readonly logBF = new GrowableF64();
  readonly logBFCorrected = new GrowableF64();
  readonly logPrior = new GrowableF64();
  /** First row of each group, plus the total at the end (groupStart[g]..groupStart[g+1]). */
  readonly groupStart = new GrowableI32();
  constructor(k: number) {
    this.rows = Array.from({ length: k }, () => new GrowableI32());
    this.sep = Array.from({ length: (k * (k - 1)) / 2 }, () => new GrowableF64());
  }
  get length(): number {
    return this.logBF.length;
  }

  /** Empties the sink, keeping its buffers (already-touched memory) for the next rows. */
  clear(): void {
    for (const g of this.rows) g.length = 0;
    for (const g of this.sep) g.length = 0;
    this.sepMax.length = 0;
    this.ncat.length = 0;
    this.logBF.length = 0;
    this.logBFCorrected.length = 0;
    this.logPrior.length = 0;
    this.groupStart.length = 0;
  }

  /**
   * Sizes every column for `rows` rows and `groups` groups at once (counts from
   * GroupEnumerator.count): the arrays are then filled in place, never grown and copied, and
   * their final views are the arrays themselves (fresh memory is touched once, not ~3×).
   */
  reserve(rows: number, groups: number): void {
    for (const g of this.rows) g.reserve(rows);
    for (const g of this.sep) g.reserve(rows);
    this.sepMax.reserve(rows);
    this.ncat.reserve(rows);
    this.logBF.reserve(rows);
    this.logBFCorrected.reserve(rows);
    this.logPrior.reserve(rows);
    this.groupStart.reserve(groups + 1);
  }
}

export interface EnumerationSetup {
  k: number;
  radiusArcsec: number;
  ra: Float64Array[];
  dec: Float64Array[];
  /** Candidate pairs of each secondary with the primaries (entry 0 unused). */
  candidates: (CandidateLists | undefined)[];
  prior: PriorTerms;
  logBayesFactor: LogBayesFactorFn;
  considerUnrelated: boolean;
  /** Per secondary with a footprint: 1 where primary p lies inside it; outside, it has no candidates there. */
  covered?: (Uint8Array | undefined)[];
  /** Compute tangent-plane offsets of the candidates (anisotropic errors). */
  needOffsets: boolean;
  priors?: PriorPlugin;
}

/** NWAY's pair order: for a < b, pairs (a, b) in order a = 0.., b = a+1..; column `Separation_<b>_<a>`. */
export function pairList(k: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) out.push([a, b]);
  return out;
}

export class GroupEnumerator {
  private readonly s: EnumerationSetup;
  private readonly pairIdx: Int32Array;
  // Candidates per secondary: rows, separation to the primary, unit vectors.
  private candRow: Int32Array[];
  private candSep: Float64Array[];
  private candVec: Float64Array[];
  /** Tangent-plane offsets (east, north, arcsec) from the primary, for anisotropic errors. */
  private candOff: Float64Array[];
  private readonly memEast: Float64Array;
  private readonly memNorth: Float64Array;
  private readonly secEast: Float64Array;
  private readonly secNorth: Float64Array;
  private readonly nCand: Int32Array;
  // Separation matrices between candidates of secondaries a < b (row-major nCand[a] × nCand[b]).
  private pairSep: Float64Array[];
  private readonly chosen: Int32Array;
  private readonly primVec = new Float64Array(3);
  private readonly memCats: Int32Array;
  private readonly memRows: Int32Array;
  private readonly memPsi2: Float64Array;
  private readonly secCats: Int32Array;
  private readonly secRows: Int32Array;
  private readonly secPsi2: Float64Array;
  /** best[mask] = max over rows with exactly those secondaries present of the secondary-only evidence. */
  private readonly best: Float64Array;
  private readonly corrOfMissing: Float64Array;
  private readonly sink: RowSink;
  private primary = 0;
  private readonly rowMask = new GrowableI32();

  constructor(setup: EnumerationSetup, sink: RowSink) {
    this.s = setup;
    this.sink = sink;
    const k = setup.k;
    this.pairIdx = new Int32Array(k * k).fill(-1);
    pairList(k).forEach(([a, b], i) => {
      this.pairIdx[a * k + b] = i;
      this.pairIdx[b * k + a] = i;
    });
    this.candRow = Array.from({ length: k }, () => new Int32Array(64));
    this.candSep = Array.from({ length: k }, () => new Float64Array(64));
    this.candVec = Array.from({ length: k }, () => new Float64Array(192));
    this.candOff = Array.from({ length: k }, () => new Float64Array(128));
    this.memEast = new Float64Array(k);
    this.memNorth = new Float64Array(k);
    this.secEast = new Float64Array(k);
    this.secNorth = new Float64Array(k);
    this.nCand = new Int32Array(k);
    this.pairSep = Array.from({ length: k * k }, () => new Float64Array(0));
    this.chosen = new Int32Array(k);
    this.memCats = new Int32Array(k);
    this.memRows = new Int32Array(k);
    this.memPsi2 = new Float64Array(k * k);
    this.secCats = new Int32Array(k);
    this.secRows = new Int32Array(k);
    this.secPsi2 = new Float64Array(k * k);
    this.best = new Float64Array(1 << (k - 1));
    this.corrOfMissing = new Float64Array(1 << (k - 1));
  }

  /** Appends the group of primary row `p` to the sink. */
  run(p: number): void {
    const s = this.s;
    const k = s.k;
    const sink = this.sink;
    sink.groupStart.push(sink.length);
    const groupFirst = sink.length;
    this.prepare(p);
    this.best.fill(Number.NEGATIVE_INFINITY);
    this.rowMask.length = 0;
    this.chosen.fill(-1);
    this.descend(1, 0);
    if (s.considerUnrelated && k >= 3) this.applyCorrection(groupFirst);
  }

  /** Number of rows `run(p)` appends (the same enumeration, without scoring). */
  count(p: number): number {
    this.prepare(p);
    this.chosen.fill(-1);
    return this.countFrom(1);
  }

  private countFrom(c: number): number {
    const k = this.s.k;
    if (c === k) return 1;
    let total = this.countFrom(c + 1);
    const n = this.nCand[c];
    const r = this.s.radiusArcsec;
    for (let j = 0; j < n; j++) {
      let ok = true;
      for (let a = 1; a < c && ok; a++) {
        const ja = this.chosen[a];
        if (ja >= 0 && !(this.pairSep[a * k + c][ja * n + j] < r)) ok = false;
      }
      if (!ok) continue;
      this.chosen[c] = j;
      total += this.countFrom(c + 1);
    }
    this.chosen[c] = -1;
    return total;
  }

  /** Candidates of primary `p` in every secondary and their pairwise separations. */
  private prepare(p: number): void {
    const s = this.s;
    const k = s.k;
    this.primary = p;
    this.nCand.fill(0);
    const pra = s.ra[0][p];
    const pdec = s.dec[0][p];
    if (isValidPosition(pra, pdec)) {
      unitVector(pra, pdec, this.primVec, 0);
      for (let c = 1; c < k; c++) {
        const cov = s.covered?.[c];
        if (!cov || cov[p]) this.collect(c, p);
      }
      for (let a = 1; a < k; a++) for (let b = a + 1; b < k; b++) this.fillPairSep(a, b);
    }
  }

  private collect(c: number, p: number): void {
    const lists = this.s.candidates[c] as CandidateLists;
    const from = lists.start[p];
    const n = lists.start[p + 1] - from;
    if (this.candRow[c].length < n) {
      this.candRow[c] = new Int32Array(2 * n);
      this.candSep[c] = new Float64Array(2 * n);
    }
    const rows = this.candRow[c];
    const seps = this.candSep[c];
    for (let i = 0; i < n; i++) {
      rows[i] = lists.row[from + i];
      seps[i] = lists.sepArcsec[from + i];
    }
    if (this.candVec[c].length < 3 * n) this.candVec[c] = new Float64Array(6 * n);
    const vec = this.candVec[c];
    const ra = this.s.ra[c];
    const dec = this.s.dec[c];
    for (let i = 0; i < n; i++) unitVector(ra[rows[i]], dec[rows[i]], vec, 3 * i);
    this.nCand[c] = n;
    if (this.s.needOffsets) {
      if (this.candOff[c].length < 2 * n) this.candOff[c] = new Float64Array(4 * n);
      const off = this.candOff[c];
      for (let i = 0; i < n; i++) tangentOffset(this.primVec, vec, 3 * i, seps[i], off, 2 * i);
    }
  }

  private fillPairSep(a: number, b: number): void {
    const na = this.nCand[a];
    const nb = this.nCand[b];
    const key = a * this.s.k + b;
    if (this.pairSep[key].length < na * nb) this.pairSep[key] = new Float64Array(Math.max(16, 2 * na * nb));
    const m = this.pairSep[key];
    const va = this.candVec[a];
    const vb = this.candVec[b];
    for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) m[i * nb + j] = separationArcsecVec(va, 3 * i, vb, 3 * j);
  }

  /** Depth-first over secondaries c..k−1; `mask` = bits of present secondaries (bit c−1). */
  private descend(c: number, mask: number): void {
    const k = this.s.k;
    if (c === k) {
      this.emit(mask);
      return;
    }
    this.chosen[c] = -1;
    this.descend(c + 1, mask);
    const n = this.nCand[c];
    const r = this.s.radiusArcsec;
    for (let j = 0; j < n; j++) {
      let ok = true;
      for (let a = 1; a < c && ok; a++) {
        const ja = this.chosen[a];
        if (ja >= 0 && !(this.pairSep[a * k + c][ja * n + j] < r)) ok = false;
      }
      if (!ok) continue;
      this.chosen[c] = j;
      this.descend(c + 1, mask | (1 << (c - 1)));
    }
    this.chosen[c] = -1;
  }

  /** Separation between the chosen members of catalogues a < b (both present). */
  private sepOf(a: number, b: number): number {
    if (a === 0) return this.candSep[b][this.chosen[b]];
    return this.pairSep[a * this.s.k + b][this.chosen[a] * this.nCand[b] + this.chosen[b]];
  }

  private emit(mask: number): void {
    const s = this.s;
    const k = s.k;
    const sink = this.sink;
    this.chosen[0] = 0;
    const p = this.primary;
    sink.rows[0].push(p);
    let n = 1;
    this.memCats[0] = 0;
    this.memRows[0] = p;
    this.memEast[0] = 0;
    this.memNorth[0] = 0;
    for (let c = 1; c < k; c++) {
      const j = this.chosen[c];
      if (j < 0) {
        sink.rows[c].push(-1);
        continue;
      }
      const row = this.candRow[c][j];
      sink.rows[c].push(row);
      this.memCats[n] = c;
      this.memRows[n] = row;
      if (s.needOffsets) {
        this.memEast[n] = this.candOff[c][2 * j];
        this.memNorth[n] = this.candOff[c][2 * j + 1];
      }
      n++;
    }
    let sepMax = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const pi = this.pairIdx[a * k + b];
        if ((a > 0 && this.chosen[a] < 0) || this.chosen[b] < 0) {
          sink.sep[pi].push(Number.NaN);
          continue;
        }
        const d = this.sepOf(a, b);
        sink.sep[pi].push(d);
        if (d > sepMax) sepMax = d;
      }
    }
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const d = this.sepOf(this.memCats[i], this.memCats[j]);
        this.memPsi2[i * n + j] = d * d;
      }
    const logBF =
      n > 1 ? s.logBayesFactor(n, this.memCats, this.memRows, this.memPsi2, this.memEast, this.memNorth) : 0;
    let logPrior = 0;
    const plug = s.priors;
    for (let i = 1; i < n; i++) {
      const c = this.memCats[i];
      const lc = plug?.completeness ? Math.log10(plug.completeness(c, p)) : s.prior.log10Completeness[c];
      logPrior += lc - s.prior.log10NPlus[c];
      if (plug?.logPriorRatio) logPrior += plug.logPriorRatio(c, this.memRows[i]);
    }
    sink.sepMax.push(sepMax);
    sink.ncat.push(n);
    sink.logBF.push(logBF);
    sink.logBFCorrected.push(logBF);
    sink.logPrior.push(logPrior);
    this.rowMask.push(mask);
    if (n > 2 && s.considerUnrelated && k >= 3) this.recordSecondaryEvidence(n, mask);
  }

  /**
   * Evidence that the secondaries of this row form an unrelated object of their own (memo §2.4):
   * L = log10 BF over the secondaries + log10(N_{a0} / Π N⁺_a), a0 = first present secondary.
   */
  private recordSecondaryEvidence(n: number, mask: number): void {
    const s = this.s;
    const m = n - 1;
    for (let i = 0; i < m; i++) {
      this.secCats[i] = this.memCats[i + 1];
      this.secRows[i] = this.memRows[i + 1];
      this.secEast[i] = this.memEast[i + 1];
      this.secNorth[i] = this.memNorth[i + 1];
    }
    for (let i = 0; i < m; i++)
      for (let j = i + 1; j < m; j++) this.secPsi2[i * m + j] = this.memPsi2[(i + 1) * n + (j + 1)];
    let L = s.logBayesFactor(m, this.secCats, this.secRows, this.secPsi2, this.secEast, this.secNorth);
    L += s.prior.log10N[this.secCats[0]];
    for (let i = 0; i < m; i++) L -= s.prior.log10NPlus[this.secCats[i]];
    if (L > this.best[mask]) this.best[mask] = L;
  }

  /**
   * NWAY adds max(0, max_j L_j) to each row with ≥ 2 absent secondaries M, over rows j whose present
   * secondaries A = M ∩ present(j) number ≥ 2. Every sub-combination of a row is itself a row, so that
   * maximum equals max over subsets A ⊆ M (|A| ≥ 2) of best[A]: linear per group.
   */
  private applyCorrection(groupFirst: number): void {
    const nm = this.best.length;
    const full = nm - 1;
    for (let miss = 0; miss < nm; miss++) {
      let v = 0;
      // Enumerate subsets A of miss with ≥ 2 bits.
      for (let a = miss; a > 0; a = (a - 1) & miss) if ((a & (a - 1)) !== 0 && this.best[a] > v) v = this.best[a];
      this.corrOfMissing[miss] = v;
    }
    const sink = this.sink;
    const corr = sink.logBFCorrected.data;
    const masks = this.rowMask.data;
    for (let r = groupFirst; r < sink.length; r++) {
      const miss = full & ~masks[r - groupFirst];
      corr[r] += this.corrOfMissing[miss];
    }
  }
}

/**
 * Offset of unit vector v[j..] from the primary u on the azimuthal-equidistant tangent plane at u:
 * (east, north) in arcsec with length equal to the separation `sepArcsec`.
 */
function tangentOffset(
  u: Float64Array,
  v: Float64Array,
  j: number,
  sepArcsec: number,
  out: Float64Array,
  o: number,
): void {
  const ux = u[0];
  const uy = u[1];
  const uz = u[2];
  // Local east = (−sin α, cos α, 0), north = (−sin δ cos α, −sin δ sin α, cos δ) at the primary.
  const rxy = Math.hypot(ux, uy);
  const ex = rxy > 0 ? -uy / rxy : 0;
  const ey = rxy > 0 ? ux / rxy : 1;
  const nx = -uz * ey;
  const ny = uz * ex;
  const nz = rxy;
  const de = v[j] * ex + v[j + 1] * ey;
  const dn = v[j] * nx + v[j + 1] * ny + v[j + 2] * nz;
  const norm = Math.hypot(de, dn);
  if (norm === 0) {
    out[o] = 0;
    out[o + 1] = 0;
    return;
  }
  out[o] = (de / norm) * sepArcsec;
  out[o + 1] = (dn / norm) * sepArcsec;
}
