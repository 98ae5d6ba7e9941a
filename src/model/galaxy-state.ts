/**
 * Galaxy states as a struct of typed arrays, and a growable buffer of them that the samplers reuse
 * chunk after chunk (no per-row objects).
 */

/** Per-galaxy physical state before fluxes (struct of arrays). */
export interface GalaxyState {
  n: number;
  raDeg: Float64Array;
  decDeg: Float64Array;
  z: Float64Array;
  shell: Int32Array;
  logMhalo: Float64Array;
  logMstar: Float64Array;
  kind: Uint8Array;
  /** log10 SFR (−Inf for quiescent). */
  logSfr: Float64Array;
  /** log10 dust temperature (K). */
  logT: Float64Array;
  mu: Float64Array;
  /** log10 L_1.4GHz (W/Hz). */
  logLRadio: Float64Array;
}

/** Growable struct-of-arrays of galaxy states, reused across chunks (`n = 0` empties it). */
export class StateBuffer {
  n = 0;
  cap: number;
  raDeg!: Float64Array;
  decDeg!: Float64Array;
  z!: Float64Array;
  shell!: Int32Array;
  logMhalo!: Float64Array;
  logMstar!: Float64Array;
  kind!: Uint8Array;
  logSfr!: Float64Array;
  logT!: Float64Array;
  mu!: Float64Array;
  logLRadio!: Float64Array;

  constructor(capacity = 4096) {
    this.cap = 0;
    this.resize(Math.max(16, capacity));
  }

  private resize(cap: number): void {
    const f = (a: Float64Array | undefined) => {
      const b = new Float64Array(cap);
      if (a) b.set(a.subarray(0, this.n));
      return b;
    };
    const old = this.cap > 0;
    const shell = new Int32Array(cap);
    const kind = new Uint8Array(cap);
    if (old) {
      shell.set(this.shell.subarray(0, this.n));
      kind.set(this.kind.subarray(0, this.n));
    }
    this.raDeg = f(old ? this.raDeg : undefined);
    this.decDeg = f(old ? this.decDeg : undefined);
    this.z = f(old ? this.z : undefined);
    this.logMhalo = f(old ? this.logMhalo : undefined);
    this.logMstar = f(old ? this.logMstar : undefined);
    this.logSfr = f(old ? this.logSfr : undefined);
    this.logT = f(old ? this.logT : undefined);
    this.mu = f(old ? this.mu : undefined);
    this.logLRadio = f(old ? this.logLRadio : undefined);
    this.shell = shell;
    this.kind = kind;
    this.cap = cap;
  }

  /** Index of a new row (grows the arrays when full). */
  add(): number {
    if (this.n === this.cap) this.resize(this.cap * 2);
    return this.n++;
  }

  /**
   * Appends one galaxy; `sf` = [log SFR, log T, μ, log L_1.4] as drawStarFormationScaled writes it
   * (sample-galaxies.ts). Returns its row.
   */
  push(
    raDeg: number,
    decDeg: number,
    z: number,
    shell: number,
    logMhalo: number,
    logMstar: number,
    kind: number,
    sf: Float64Array,
  ): number {
    const i = this.add();
    this.raDeg[i] = raDeg;
    this.decDeg[i] = decDeg;
    this.z[i] = z;
    this.shell[i] = shell;
    this.logMhalo[i] = logMhalo;
    this.logMstar[i] = logMstar;
    this.kind[i] = kind;
    this.logSfr[i] = sf[0];
    this.logT[i] = sf[1];
    this.mu[i] = sf[2];
    this.logLRadio[i] = sf[3];
    return i;
  }

  /** The first n rows as a GalaxyState; `copy` detaches it from the buffer. */
  state(copy: boolean): GalaxyState {
    const n = this.n;
    const f = copy ? (a: Float64Array) => a.slice(0, n) : (a: Float64Array) => a.subarray(0, n);
    return {
      n,
      raDeg: f(this.raDeg),
      decDeg: f(this.decDeg),
      z: f(this.z),
      shell: copy ? this.shell.slice(0, n) : this.shell.subarray(0, n),
      logMhalo: f(this.logMhalo),
      logMstar: f(this.logMstar),
      kind: copy ? this.kind.slice(0, n) : this.kind.subarray(0, n),
      logSfr: f(this.logSfr),
      logT: f(this.logT),
      mu: f(this.mu),
      logLRadio: f(this.logLRadio),
    };
  }
}

/** Rows idx[0..count) of `st` into `dst` (emptied first). */
export function gatherState(st: GalaxyState, idx: Int32Array, count: number, dst: StateBuffer): GalaxyState {
  dst.n = 0;
  for (let k = 0; k < count; k++) {
    const i = idx[k];
    const j = dst.add();
    dst.raDeg[j] = st.raDeg[i];
    dst.decDeg[j] = st.decDeg[i];
    dst.z[j] = st.z[i];
    dst.shell[j] = st.shell[i];
    dst.logMhalo[j] = st.logMhalo[i];
    dst.logMstar[j] = st.logMstar[i];
    dst.kind[j] = st.kind[i];
    dst.logSfr[j] = st.logSfr[i];
    dst.logT[j] = st.logT[i];
    dst.mu[j] = st.mu[i];
    dst.logLRadio[j] = st.logLRadio[i];
  }
  return dst.state(false);
}
