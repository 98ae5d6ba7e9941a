/**
 * A population sample as a struct of arrays: one row per galaxy or AGN, every column a typed
 * array of length n. Galaxy and AGN samplers return this shape; `concatPopulations` joins them.
 */
import type { Band } from './bands.js';

/** Kind codes (stored in `kind`). */
export const KIND = {
  starForming: 1,
  starburst: 2,
  quiescent: 3,
  fsrq: 10,
  bllac: 11,
  steepAgn: 12,
} as const;
export type KindCode = (typeof KIND)[keyof typeof KIND];

export const KIND_NAMES: Readonly<Record<number, string>> = {
  1: 'star-forming',
  2: 'starburst',
  3: 'quiescent',
  10: 'FSRQ',
  11: 'BL Lac',
  12: 'steep-spectrum AGN',
};

/** True for kinds whose emission is synchrotron in every band (radio-loud AGN). */
export function isAgnKind(kind: number): boolean {
  return kind >= 10;
}

export interface Population {
  n: number;
  raDeg: Float64Array;
  decDeg: Float64Array;
  z: Float64Array;
  kind: Uint8Array;
  /** Lensing magnification (1 for unlensed). */
  mu: Float64Array;
  /** Observed-frame band fluxes (lensed), mJy: the sum of dust and synchrotron/free-free emission. */
  fluxMJy: Partial<Record<Band, Float64Array>>;
  /**
   * Per band, 1 where synchrotron (+ free–free) emission dominates the flux and 0 where dust does;
   * the `dusty` / `synchrotron` split of `mmassoc counts`.
   */
  syncDominant: Partial<Record<Band, Uint8Array>>;
  /** Galaxies only: log10 M* (Msun), SFR (Msun/yr), L_IR (Lsun); NaN for AGN. */
  logMstar?: Float64Array;
  sfr?: Float64Array;
  lir?: Float64Array;
  /** log10 host halo mass (Msun, 200 × mean density); NaN where not modelled. */
  logMhalo?: Float64Array;
}

/** An empty population with the given bands. */
export function emptyPopulation(bands: readonly Band[]): Population {
  const fluxMJy: Partial<Record<Band, Float64Array>> = {};
  const syncDominant: Partial<Record<Band, Uint8Array>> = {};
  for (const b of bands) {
    fluxMJy[b] = new Float64Array(0);
    syncDominant[b] = new Uint8Array(0);
  }
  return {
    n: 0,
    raDeg: new Float64Array(0),
    decDeg: new Float64Array(0),
    z: new Float64Array(0),
    kind: new Uint8Array(0),
    mu: new Float64Array(0),
    fluxMJy,
    syncDominant,
  };
}

function concatF64(parts: readonly (Float64Array | undefined)[], ns: readonly number[]): Float64Array {
  let total = 0;
  for (const n of ns) total += n;
  const out = new Float64Array(total);
  let off = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p) out.set(p.subarray(0, ns[i]), off);
    else out.fill(Number.NaN, off, off + ns[i]);
    off += ns[i];
  }
  return out;
}

function concatU8(parts: readonly (Uint8Array | undefined)[], ns: readonly number[]): Uint8Array {
  let total = 0;
  for (const n of ns) total += n;
  const out = new Uint8Array(total);
  let off = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p) out.set(p.subarray(0, ns[i]), off);
    off += ns[i];
  }
  return out;
}

/**
 * Joins populations row-wise, keeping the bands present in the first one. Optional galaxy columns
 * are NaN for rows from populations that lack them.
 */
export function concatPopulations(pops: readonly Population[], bands: readonly Band[]): Population {
  const ns = pops.map((p) => p.n);
  const fluxMJy: Partial<Record<Band, Float64Array>> = {};
  const syncDominant: Partial<Record<Band, Uint8Array>> = {};
  for (const b of bands) {
    fluxMJy[b] = concatF64(
      pops.map((p) => p.fluxMJy[b]),
      ns,
    );
    syncDominant[b] = concatU8(
      pops.map((p) => p.syncDominant[b]),
      ns,
    );
  }
  const any = (key: 'logMstar' | 'sfr' | 'lir' | 'logMhalo') => pops.some((p) => p[key] !== undefined);
  const opt = (key: 'logMstar' | 'sfr' | 'lir' | 'logMhalo') =>
    any(key)
      ? concatF64(
          pops.map((p) => p[key]),
          ns,
        )
      : undefined;
  return {
    n: ns.reduce((a, b) => a + b, 0),
    raDeg: concatF64(
      pops.map((p) => p.raDeg),
      ns,
    ),
    decDeg: concatF64(
      pops.map((p) => p.decDeg),
      ns,
    ),
    z: concatF64(
      pops.map((p) => p.z),
      ns,
    ),
    kind: concatU8(
      pops.map((p) => p.kind),
      ns,
    ),
    mu: concatF64(
      pops.map((p) => p.mu),
      ns,
    ),
    fluxMJy,
    syncDominant,
    logMstar: opt('logMstar'),
    sfr: opt('sfr'),
    lir: opt('lir'),
    logMhalo: opt('logMhalo'),
  };
}

/** Rows `keep[i] !== 0` of a population. */
export function selectRows(pop: Population, keep: Uint8Array): Population {
  let m = 0;
  for (let i = 0; i < pop.n; i++) if (keep[i]) m++;
  const idx = new Int32Array(m);
  for (let i = 0, j = 0; i < pop.n; i++) if (keep[i]) idx[j++] = i;
  const f = (a: Float64Array): Float64Array => {
    const o = new Float64Array(m);
    for (let j = 0; j < m; j++) o[j] = a[idx[j]];
    return o;
  };
  const u = (a: Uint8Array): Uint8Array => {
    const o = new Uint8Array(m);
    for (let j = 0; j < m; j++) o[j] = a[idx[j]];
    return o;
  };
  const fluxMJy: Partial<Record<Band, Float64Array>> = {};
  const syncDominant: Partial<Record<Band, Uint8Array>> = {};
  for (const [b, a] of Object.entries(pop.fluxMJy) as [Band, Float64Array][]) fluxMJy[b] = f(a);
  for (const [b, a] of Object.entries(pop.syncDominant) as [Band, Uint8Array][]) syncDominant[b] = u(a);
  return {
    n: m,
    raDeg: f(pop.raDeg),
    decDeg: f(pop.decDeg),
    z: f(pop.z),
    kind: u(pop.kind),
    mu: f(pop.mu),
    fluxMJy,
    syncDominant,
    logMstar: pop.logMstar && f(pop.logMstar),
    sfr: pop.sfr && f(pop.sfr),
    lir: pop.lir && f(pop.lir),
    logMhalo: pop.logMhalo && f(pop.logMhalo),
  };
}
