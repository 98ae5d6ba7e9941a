/**
 * Seeded random streams. A stream is keyed by (seed, key…) — e.g. (seed, redshiftShell, healpixPixel) —
 * and is independent of how work is chunked or in which order streams are created, which is what
 * makes sharded and chunked simulation reproducible.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"),
 * state seeded by SplitMix32-style mixing of the key words (Steele, Lea & Flood 2014 finaliser,
 * 32-bit variant of Stafford's Mix13 constants as used by murmur3's fmix32).
 */

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a key (numbers; non-integers and values above 2^32 are split into 32-bit words) to 32 bits. */
export function hashKey(words: readonly number[], salt = 0): number {
  let h = fmix32(0x9e3779b9 ^ salt);
  for (const w of words) {
    const lo = w >>> 0;
    const hi = Math.floor(w / 4294967296) >>> 0;
    h = fmix32(h ^ lo) + 0x6a09e667;
    h = fmix32(h ^ hi ^ 0xbb67ae85);
  }
  return h >>> 0;
}

/** The four 32-bit state words of xoshiro128** (Blackman & Vigna 2018). */
export interface XoshiroStateWords {
  s0: number;
  s1: number;
  s2: number;
  s3: number;
}

export class RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = Number.NaN;

  /** `seed` and `key` words identify the stream; equal inputs give identical sequences. */
  constructor(seed: number, ...key: number[]) {
    const words = [seed, ...key];
    this.s0 = hashKey(words, 1);
    this.s1 = hashKey(words, 2);
    this.s2 = hashKey(words, 3);
    this.s3 = hashKey(words, 4);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Copies the xoshiro128** state words into `out` (for block generators, e.g. WordBuffer in model/fast-draws.ts). */
  readState(out: XoshiroStateWords): void {
    out.s0 = this.s0;
    out.s1 = this.s1;
    out.s2 = this.s2;
    out.s3 = this.s3;
  }

  /** Sets the xoshiro128** state words (the counterpart of `readState`). */
  writeState(from: XoshiroStateWords): void {
    this.s0 = from.s0 | 0;
    this.s1 = from.s1 | 0;
    this.s2 = from.s2 | 0;
    this.s3 = from.s3 | 0;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** Standard normal (Marsaglia polar method; the spare value is kept). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = Number.NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Exponential with rate 1. */
  exponential(): number {
    return -Math.log(this.uniform());
  }

  /**
   * Poisson deviate. Small means by multiplication of uniforms (Knuth); large means by the
   * PTRS transformed-rejection method of Hörmann 1993 ("The transformed rejection method for
   * generating Poisson random variables", Insurance: Math. & Econ. 12, 39).
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k))
        return k;
    }
  }

  /** Fills `out` with uniforms in (0, 1). */
  fillUniform(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /** Fills `out` with standard normals. */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** ln(k!) exactly summed for small k, Stirling series beyond (error < 1e-12 for k ≥ 30). */
function logFactorial(k: number): number {
  if (k < 30) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}
