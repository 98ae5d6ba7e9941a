/**
 * Table-driven kernels for the per-galaxy loops (millions of rows): 10^x without Math.exp, a
 * tabulated ½ erfc, ziggurat normal deviates and 32-bit uniforms on top of RandomStream, and
 * guide tables that turn the inverse-CDF binary searches into a short walk. Every table is built
 * once; each kernel states its accuracy.
 */
import erfc from '@stdlib/math-base-special-erfc';
import type { RandomStream, XoshiroStateWords } from '../random/stream.js';

// ---------------------------------------------------------------------------------------------
// 10^y: y·log2(10) = n + j/256 + r, 10^y = 2^n · 2^(j/256) · e^(r ln 2) with r < 1/256, the last
// factor by its degree-4 Taylor series (remainder (ln2/256)^5/120 < 1.3e-15). Relative error
// < 1.5e-14 for |y| ≤ 30, < 1.5e-13 for |y| ≤ 300 (the rounding of y·log2 10;
// test/model/flux-kernel.test.ts); about 3× faster than Math.exp in V8.
const POW2_OFFSET = 1100;
const POW2 = new Float64Array(2 * POW2_OFFSET);
for (let k = 0; k < POW2.length; k++) POW2[k] = 2 ** (k - POW2_OFFSET);
const POW2_FRAC = new Float64Array(256);
for (let j = 0; j < 256; j++) POW2_FRAC[j] = 2 ** (j / 256);
const LOG2_10_X256 = Math.log2(10) * 256;
const LN2_OVER_256 = Math.LN2 / 256;

/** 10^y (relative error ~1e-16·|y|; 0 below 1e-330, +Inf above 1e330). */
export function pow10(y: number): number {
  if (y < -330) return 0;
  if (y > 330) return Number.POSITIVE_INFINITY;
  const t = y * LOG2_10_X256;
  const k = Math.floor(t);
  const r = (t - k) * LN2_OVER_256;
  // |k| ≤ 330·256·log2 10 < 2¹⁸: an int32; k = 256·(k >> 8) + (k & 255).
  const ki = k | 0;
  return POW2[(ki >> 8) + POW2_OFFSET] * POW2_FRAC[ki & 255] * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24)))));
}

// ---------------------------------------------------------------------------------------------
// ½ erfc(x) on [−6, 6] in steps of 1/1024, linear interpolation: error ≤ h²/8 · max|f''|
// = 2⁻²⁰/8 · 0.484 < 6e-8 (f'' = (2x/√π) e^{−x²}); outside, 1 or 0 (½ erfc(6) = 1e-17).
const HERFC_LIM = 6;
const HERFC_SCALE = 1024;
const HERFC = new Float64Array(2 * HERFC_LIM * HERFC_SCALE + 2);
for (let i = 0; i < HERFC.length; i++) HERFC[i] = 0.5 * erfc(-HERFC_LIM + i / HERFC_SCALE);

/** ½ erfc(x) by table (absolute error < 6e-8). */
export function halfErfc(x: number): number {
  const u = (x + HERFC_LIM) * HERFC_SCALE;
  if (!(u > 0)) return x <= 0 ? 1 : Number.NaN;
  if (u >= HERFC.length - 2) return 0;
  const i = u | 0;
  const f = u - i;
  return HERFC[i] + f * (HERFC[i + 1] - HERFC[i]);
}

// ---------------------------------------------------------------------------------------------
// Ziggurat normal deviates (Marsaglia & Tsang 2000, J. Stat. Softw. 5(8); 128 layers, r and v
// from their paper). Layer i is the rectangle [0, X[i]] × [f(X[i]), f(X[i+1])] of area v, f(x) =
// e^{−x²/2}; layer 0 is the base strip with the tail beyond r (Marsaglia 1964 tail method).
// Each draw takes two 32-bit words: 7 bits pick the layer, 1 the sign, 21 + 32 bits a 53-bit
// uniform (separate bits for layer and value, Doornik 2005). Exact: the output is N(0, 1).
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZX = new Float64Array(129);
const ZF = new Float64Array(129);
const ZRATIO = new Float64Array(128);
{
  const f = (x: number) => Math.exp(-0.5 * x * x);
  ZX[0] = ZIG_V / f(ZIG_R);
  ZX[1] = ZIG_R;
  for (let i = 1; i < 127; i++) ZX[i + 1] = Math.sqrt(-2 * Math.log(f(ZX[i]) + ZIG_V / ZX[i]));
  ZX[128] = 0;
  for (let i = 0; i <= 128; i++) ZF[i] = f(ZX[i]);
  ZF[0] = 0;
  for (let i = 0; i < 128; i++) ZRATIO[i] = ZX[i + 1] / ZX[i];
}
/** 2⁻⁵³: a ziggurat draw's 53-bit uniform is ((a >>> 11)·2³² + b)·2⁻⁵³ for words a, b. */
export const TWO_M53 = 2 ** -53;
/** Layer edges x_i and ratios x_{i+1}/x_i of the ziggurat (for loops that inline normalZig). */
export const ZIG_X: Float64Array = ZX;
export const ZIG_RATIO: Float64Array = ZRATIO;

/** Standard normal deviate by the ziggurat (two 32-bit words per draw ~98.8% of the time). */
export function normalZig(rng: RandomStream): number {
  // The common case, small enough for V8 to inline into the per-row loops.
  const a = rng.nextUint32();
  const u = ((a >>> 11) * 4294967296 + rng.nextUint32()) * TWO_M53;
  const i = a & 127;
  // Bit 7 is the sign: ±1 by arithmetic, as a branch on it would be mispredicted half the time
  // (−(u·x) and (u·x)·(−1) are the same float).
  if (u < ZRATIO[i]) return u * ZX[i] * (1 - ((a >>> 6) & 2));
  return normalZigEdge(rng, a, u);
}

/** normalZig on the words of a WordBuffer: the same deviate from the same words. */
export function normalZigWords(wb: WordBuffer): number {
  const a = wb.nextUint32();
  const u = ((a >>> 11) * 4294967296 + wb.nextUint32()) * TWO_M53;
  const i = a & 127;
  if (u < ZRATIO[i]) return u * ZX[i] * (1 - ((a >>> 6) & 2));
  return normalZigEdge(wb, a, u);
}

/** A source of 32-bit words: a RandomStream or a WordBuffer over one. */
export interface WordSource {
  nextUint32(): number;
}

/** The wedge and tail cases of normalZig for the first draw (a, u); loops until acceptance. */
export function normalZigEdge(rng: WordSource, a0: number, u0: number): number {
  let a = a0;
  let u = u0;
  for (;;) {
    const i = a & 127;
    if (u < ZRATIO[i]) return a & 128 ? -u * ZX[i] : u * ZX[i];
    const x = u * ZX[i];
    if (i === 0) {
      // Tail x > r: Marsaglia (1964).
      let t: number;
      let y: number;
      do {
        t = -Math.log((rng.nextUint32() + 0.5) * TWO_M32) / ZIG_R;
        y = -Math.log((rng.nextUint32() + 0.5) * TWO_M32);
      } while (y + y < t * t);
      return a & 128 ? -(ZIG_R + t) : ZIG_R + t;
    }
    const y = ZF[i] + (rng.nextUint32() + 0.5) * TWO_M32 * (ZF[i + 1] - ZF[i]);
    if (y < Math.exp(-0.5 * x * x)) return a & 128 ? -x : x;
    a = rng.nextUint32();
    u = ((a >>> 11) * 4294967296 + rng.nextUint32()) * TWO_M53;
  }
}

/** 2⁻³²: uniform32 is (word + ½)·2⁻³². */
export const TWO_M32 = 2.3283064365386963e-10;

/** Uniform in (0, 1) from one 32-bit word (resolution 2⁻³²), for decisions and inverse CDFs. */
export function uniform32(rng: RandomStream): number {
  return (rng.nextUint32() + 0.5) * TWO_M32;
}

// ---------------------------------------------------------------------------------------------
// Buffered words of a RandomStream. RandomStream.nextUint32 reads and writes the four xoshiro128**
// state fields of the stream object on every call; a WordBuffer generates WORD_BLOCK words at a
// time with the state in local variables (≈ 2.5× faster) and hands them out in order. `end()` puts
// the stream exactly where word-by-word drawing would have left it (restores the state saved before
// the last fill and steps over the words used), so the stream's sequence and any later draws from
// it are unchanged: the buffer changes speed, never values.
export const WORD_BLOCK = 1024;

type XoshiroState = XoshiroStateWords;

/** n xoshiro128** steps (Blackman & Vigna 2018) from `st`, as n calls of RandomStream.nextUint32: the words go to `out`, `st` advances. */
function xoshiroWords(st: XoshiroState, out: Uint32Array, n: number): void {
  let s0 = st.s0 | 0;
  let s1 = st.s1 | 0;
  let s2 = st.s2 | 0;
  let s3 = st.s3 | 0;
  for (let k = 0; k < n; k++) {
    const x = Math.imul(s1, 5);
    out[k] = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
  }
  st.s0 = s0;
  st.s1 = s1;
  st.s2 = s2;
  st.s3 = s3;
}

/**
 * Words of one RandomStream handed out in order (begin → next… → end); reusable. Hot loops may
 * read `words` directly: the word at `pos` is the next one, and `fill()` (when pos reaches
 * WORD_BLOCK) refills the block and returns the new position, 0.
 */
export class WordBuffer {
  readonly words = new Uint32Array(WORD_BLOCK);
  pos = WORD_BLOCK;
  private filled = false;
  private rng: RandomStream | null = null;
  /** The stream state after the last fill (what the stream would hold after all its words). */
  private readonly state: XoshiroState = { s0: 0, s1: 0, s2: 0, s3: 0 };
  /** The stream state before the last fill. */
  private readonly saved: XoshiroState = { s0: 0, s1: 0, s2: 0, s3: 0 };

  /** Starts drawing the words of `rng` (its state is read at the first fill). */
  begin(rng: RandomStream): void {
    this.rng = rng;
    this.pos = WORD_BLOCK;
    this.filled = false;
  }

  /** The next word of the stream (an unsigned 32-bit integer, as RandomStream.nextUint32). */
  nextUint32(): number {
    if (this.pos === WORD_BLOCK) this.fill();
    return this.words[this.pos++];
  }

  /** Generates the next WORD_BLOCK words of the stream; returns the new read position (0). */
  fill(): number {
    const rng = this.rng;
    if (rng === null) throw new Error('WordBuffer.fill before begin');
    rng.readState(this.saved);
    const st = this.state;
    st.s0 = this.saved.s0;
    st.s1 = this.saved.s1;
    st.s2 = this.saved.s2;
    st.s3 = this.saved.s3;
    xoshiroWords(st, this.words, WORD_BLOCK);
    rng.writeState(st);
    this.filled = true;
    this.pos = 0;
    return 0;
  }

  /** Leaves the stream just after the last word handed out (the word before `pos`). */
  end(): void {
    if (!this.filled || this.pos === WORD_BLOCK || this.rng === null) return;
    const st = this.saved;
    xoshiroWords(st, this.words, this.pos);
    this.rng.writeState(st);
    this.pos = WORD_BLOCK;
  }
}

// ---------------------------------------------------------------------------------------------
// Guide tables (Chen & Asau 1974): for a monotone table and K equal buckets of u, the index where
// the search for any u of the bucket starts; a short walk then gives exactly the binary-search
// answer.
export const GUIDE_BUCKETS = 256;

/**
 * For non-increasing rows p[base..base+n) (lensing P(>μ)): per row k and bucket j, the largest i
 * with p_i ≥ (j+1)/K (0 if none); the answer max{i : p_i ≥ u} for u in bucket j is ≥ it.
 */
export function guideDecreasing(p: Float64Array, nRows: number, n: number): Int32Array {
  const g = new Int32Array(nRows * GUIDE_BUCKETS);
  for (let k = 0; k < nRows; k++) {
    const base = k * n;
    let i = 0;
    for (let j = GUIDE_BUCKETS - 1; j >= 0; j--) {
      const v = (j + 1) / GUIDE_BUCKETS;
      while (i + 1 < n && p[base + i + 1] >= v) i++;
      g[k * GUIDE_BUCKETS + j] = p[base + i] >= v ? i : 0;
    }
  }
  return g;
}

/**
 * For non-decreasing rows c[base..base+n) (a CDF) starting at `first[k]`: per row and bucket j the
 * smallest i ≥ first with c_i ≥ j/K; the answer min{i ≥ first : c_i ≥ u} for u in bucket j is ≥ it.
 */
export function guideIncreasing(c: Float64Array, nRows: number, n: number, first: Int32Array): Int32Array {
  const g = new Int32Array(nRows * GUIDE_BUCKETS);
  for (let k = 0; k < nRows; k++) {
    const base = k * n;
    let i = Math.min(first[k], n - 1);
    for (let j = 0; j < GUIDE_BUCKETS; j++) {
      const v = j / GUIDE_BUCKETS;
      while (i < n - 1 && c[base + i] < v) i++;
      g[k * GUIDE_BUCKETS + j] = i;
    }
  }
  return g;
}
