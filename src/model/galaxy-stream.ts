/**
 * Streaming helpers of the samplers: keep only the rows of each chunk above a flux floor and
 * accumulate them (only kept rows are ever stored with all their band fluxes).
 */
import { type Band, isRadioBand } from './bands.js';
import { galaxyFluxes } from './galaxy-fluxes.js';
import type { GalaxyModel } from './galaxy-model.js';
import { type GalaxyState, gatherState, StateBuffer } from './galaxy-state.js';
import { GrowableF64, GrowableU8 } from './growable.js';
import type { Population } from './population.js';

/** Accumulates the kept galaxies of successive chunks (only these are ever stored whole). */
export class KeptGalaxies {
  private readonly cols = {
    ra: new GrowableF64(),
    dec: new GrowableF64(),
    z: new GrowableF64(),
    mu: new GrowableF64(),
    m: new GrowableF64(),
    logSfr: new GrowableF64(),
    logMh: new GrowableF64(),
  };
  private readonly kind = new GrowableU8();
  private readonly flux = new Map<Band, GrowableF64>();

  constructor(
    private readonly model: GalaxyModel,
    private readonly bands: readonly Band[],
  ) {
    for (const b of bands) this.flux.set(b, new GrowableF64());
  }

  /** Appends every row of `st` with fluxes of all bands. */
  appendState(st: GalaxyState): void {
    if (st.n === 0) return;
    const idx = new Int32Array(st.n);
    for (let i = 0; i < st.n; i++) idx[i] = i;
    const c = this.cols;
    c.ra.appendGather(st.raDeg, idx, st.n);
    c.dec.appendGather(st.decDeg, idx, st.n);
    c.z.appendGather(st.z, idx, st.n);
    c.mu.appendGather(st.mu, idx, st.n);
    c.m.appendGather(st.logMstar, idx, st.n);
    c.logSfr.appendGather(st.logSfr, idx, st.n);
    c.logMh.appendGather(st.logMhalo, idx, st.n);
    this.kind.appendGather(st.kind, idx, st.n);
    const f = galaxyFluxes(this.model, st, this.bands);
    for (const b of this.bands) (this.flux.get(b) as GrowableF64).appendGather(f[b] as Float64Array, idx, st.n);
  }

  get length(): number {
    return this.kind.length;
  }

  population(): Population {
    const n = this.kind.length;
    const fluxMJy: Partial<Record<Band, Float64Array>> = {};
    const syncDominant: Partial<Record<Band, Uint8Array>> = {};
    for (const b of this.bands) {
      fluxMJy[b] = (this.flux.get(b) as GrowableF64).toArray();
      syncDominant[b] = new Uint8Array(n).fill(isRadioBand(b) ? 1 : 0);
    }
    const logSfr = this.cols.logSfr.toArray();
    const sfr = new Float64Array(n);
    const lir = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sfr[i] = 10 ** logSfr[i];
      lir[i] = sfr[i] * this.model.params.lir_per_sfr;
    }
    return {
      n,
      raDeg: this.cols.ra.toArray(),
      decDeg: this.cols.dec.toArray(),
      z: this.cols.z.toArray(),
      kind: this.kind.toArray(),
      mu: this.cols.mu.toArray(),
      fluxMJy,
      syncDominant,
      logMstar: this.cols.m.toArray(),
      sfr,
      lir,
      logMhalo: this.cols.logMh.toArray(),
    };
  }
}

/** Per-band floors as parallel lists (bands without a floor are left out). */
export function floorList(
  bands: readonly Band[],
  floorMJy: number | Partial<Record<Band, number>>,
): { bands: Band[]; floors: number[] } {
  const out: { bands: Band[]; floors: number[] } = { bands: [], floors: [] };
  for (const b of bands) {
    const f = typeof floorMJy === 'number' ? floorMJy : floorMJy[b];
    if (f !== undefined) {
      out.bands.push(b);
      out.floors.push(f);
    }
  }
  return out;
}

/**
 * Keeps the rows of a chunk with a flux ≥ the floor in at least one floor band: fluxes of the floor
 * bands are computed into reused scratch arrays, and only the kept rows reach `kept` (which then
 * computes all its bands for them).
 */
export class FloorFilter {
  private scratch: Partial<Record<Band, Float64Array>> = {};
  private idx = new Int32Array(0);
  private readonly sub = new StateBuffer(1024);
  private readonly fl: { bands: Band[]; floors: number[] };

  constructor(
    private readonly model: GalaxyModel,
    bands: readonly Band[],
    floorMJy: number | Partial<Record<Band, number>>,
  ) {
    this.fl = floorList(bands, floorMJy);
  }

  filterInto(st: GalaxyState, kept: KeptGalaxies): void {
    const n = st.n;
    if (n === 0) return;
    if (this.idx.length < n) {
      const cap = Math.max(n, this.idx.length * 2);
      this.idx = new Int32Array(cap);
      for (const b of this.fl.bands) this.scratch[b] = new Float64Array(cap);
    }
    const f = galaxyFluxes(this.model, st, this.fl.bands, this.scratch);
    const arrays = this.fl.bands.map((b) => f[b] as Float64Array);
    const lims = this.fl.floors;
    const nb = arrays.length;
    const idx = this.idx;
    let count = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < nb; k++)
        if (arrays[k][i] >= lims[k]) {
          idx[count++] = i;
          break;
        }
    }
    kept.appendState(gatherState(st, idx, count, this.sub));
  }
}
