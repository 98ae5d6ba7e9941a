/**
 * The seeded three-catalogue sky of the scale benchmark, generated tile by tile (nothing is written to
 * disk): a primary (SPT-like, σ = 4″) and secondaries with true counterparts of a fraction of the
 * primaries (Gaussian offsets, cut at 5σ) among uniform field sources, over a south polar cap of the
 * requested area (so the sky includes the pole and RA = 0/360).
 *
 * The sky is cut into the cells of a `TileMapper`. Every cell's rows come from random streams keyed by
 * (seed, catalogue, cell), so any cell is regenerated identically in any tile that needs it; rows are
 * numbered in cell order (nested HEALPix), which is the catalogues' row order.
 */
import type { CatalogInput } from '../src/assoc/types.js';
import { RandomStream } from '../src/random/stream.js';
import type { TileInput } from '../src/scale/tiled-associate.js';
import type { TileMapper } from '../src/scale/tiles.js';
import { ang2pixNestNumber, pix2angNestNumber } from '../src/sky/healpix-nest.js';
import { maxPixelRadiusRad } from '../src/sky/healpix-query-disc.js';
import { localFrame } from '../src/sky/local-frame.js';
import { column } from '../src/table/column.js';
import { Table } from '../src/table/table.js';

const DEG = 180 / Math.PI;
const FULL_SKY_DEG2 = 4 * Math.PI * DEG * DEG;

export interface ScaleSkyOptions {
  seed: number;
  areaDeg2: number;
  primaries: number;
  /** Rows of each secondary (counterparts included). */
  secondaries: number[];
  primaryErrArcsec: number;
  secondaryErrArcsec: number[];
  /** Fraction of primaries with a counterpart in each secondary. */
  counterpartFraction: number;
}

/** Counterparts are offset by at most this many combined σ: the tiles' slack must cover it. */
export const MAX_OFFSET_SIGMA = 5;

export class ScaleSky {
  readonly opts: ScaleSkyOptions;
  readonly mapper: TileMapper;
  /** Region cells (centre south of the cap's edge), increasing. */
  readonly cells: Float64Array;
  readonly areaDeg2: number;
  /** rowStart[c][j]: first row of region cell j in catalogue c; rowStart[c][cells] = rows. */
  readonly rowStart: Float64Array[];
  private readonly cellAreaDeg2: number;
  private readonly capRad: number;
  /** Seconds spent generating rows. */
  genCpuS = 0;

  constructor(opts: ScaleSkyOptions, mapper: TileMapper) {
    this.opts = opts;
    this.mapper = mapper;
    const order = mapper.cellOrder;
    const nCells = 12 * 4 ** order;
    this.cellAreaDeg2 = FULL_SKY_DEG2 / nCells;
    // South cap of the requested area: 2π(1 − sin|δ₀|) sr.
    const edgeDeg = -Math.asin(1 - opts.areaDeg2 / (2 * Math.PI * DEG * DEG)) * DEG;
    // Cells are listed from the pole's face cells; every cell centre south of the edge is in.
    const list: number[] = [];
    for (let cell = 0; cell < nCells; cell++) if (pix2angNestNumber(order, cell)[1] < edgeDeg) list.push(cell);
    this.cells = Float64Array.from(list);
    this.areaDeg2 = list.length * this.cellAreaDeg2;
    this.capRad = maxPixelRadiusRad(order) * 1.05;
    this.rowStart = [0, ...opts.secondaries].map((_, c) => this.prefix(c));
  }

  get rows(): number[] {
    return this.rowStart.map((s) => s[s.length - 1]);
  }

  private primaryCount(j: number): number {
    const mean = (this.opts.primaries * this.cellAreaDeg2) / this.areaDeg2;
    return new RandomStream(this.opts.seed, 0, this.cells[j], 1).poisson(mean);
  }

  private counterpartFlags(c: number, j: number, np: number): Uint8Array {
    const rng = new RandomStream(this.opts.seed, c, this.cells[j], 1);
    return Uint8Array.from({ length: np }, () => (rng.uniform() < this.opts.counterpartFraction ? 1 : 0));
  }

  private fieldCount(c: number, j: number): number {
    const field = this.opts.secondaries[c - 1] - this.opts.counterpartFraction * this.opts.primaries;
    return new RandomStream(this.opts.seed, c, this.cells[j], 2).poisson((field * this.cellAreaDeg2) / this.areaDeg2);
  }

  private prefix(c: number): Float64Array {
    const n = this.cells.length;
    const start = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) {
      const np = this.primaryCount(j);
      let rows = np;
      if (c > 0) {
        rows = this.fieldCount(c, j);
        for (const f of this.counterpartFlags(c, j, np)) rows += f;
      }
      start[j + 1] = start[j] + rows;
    }
    return start;
  }

  /** `n` positions uniform in region cell j (rejection from the cell's circumscribed cap). */
  private uniformInCell(j: number, n: number, rng: RandomStream, ra: Float64Array, dec: Float64Array, o: number): void {
    const cell = this.cells[j];
    const order = this.mapper.cellOrder;
    const [ra0, dec0] = pix2angNestNumber(order, cell);
    const f = new Float64Array(9);
    localFrame(ra0 / DEG, dec0 / DEG, f);
    const cosR = Math.cos(this.capRad);
    for (let k = 0; k < n; ) {
      const cd = 1 - rng.uniform() * (1 - cosR);
      const sd = Math.sqrt(Math.max(0, 1 - cd * cd));
      const pa = 2 * Math.PI * rng.uniform();
      const se = sd * Math.sin(pa);
      const sn = sd * Math.cos(pa);
      const x = cd * f[0] + se * f[3] + sn * f[6];
      const y = cd * f[1] + se * f[4] + sn * f[7];
      const z = cd * f[2] + se * f[5] + sn * f[8];
      let r = Math.atan2(y, x) * DEG;
      if (r < 0) r += 360;
      const d = Math.asin(Math.max(-1, Math.min(1, z))) * DEG;
      if (ang2pixNestNumber(order, r, d) !== cell) continue;
      ra[o + k] = r;
      dec[o + k] = d;
      k++;
    }
  }

  private primariesOf(j: number, ra: Float64Array, dec: Float64Array, o: number): number {
    const n = this.primaryCount(j);
    this.uniformInCell(j, n, new RandomStream(this.opts.seed, 0, this.cells[j], 3), ra, dec, o);
    return n;
  }

  /** Rows of catalogue c in region cell j, written at offset o. */
  private fillCell(c: number, j: number, ra: Float64Array, dec: Float64Array, o: number): number {
    if (c === 0) return this.primariesOf(j, ra, dec, o);
    const np = this.primaryCount(j);
    const pra = new Float64Array(np);
    const pdec = new Float64Array(np);
    this.primariesOf(j, pra, pdec, 0);
    const flags = this.counterpartFlags(c, j, np);
    const sigma = Math.hypot(this.opts.primaryErrArcsec, this.opts.secondaryErrArcsec[c - 1]) / 3600 / DEG;
    const rng = new RandomStream(this.opts.seed, c, this.cells[j], 4);
    const f = new Float64Array(9);
    let k = o;
    for (let p = 0; p < np; p++) {
      if (!flags[p]) continue;
      let e: number;
      let nn: number;
      do {
        e = rng.normal();
        nn = rng.normal();
      } while (e * e + nn * nn > MAX_OFFSET_SIGMA * MAX_OFFSET_SIGMA);
      localFrame(pra[p] / DEG, pdec[p] / DEG, f);
      const x = f[0] + sigma * (e * f[3] + nn * f[6]);
      const y = f[1] + sigma * (e * f[4] + nn * f[7]);
      const z = f[2] + sigma * (e * f[5] + nn * f[8]);
      let r = Math.atan2(y, x) * DEG;
      if (r < 0) r += 360;
      ra[k] = r;
      dec[k] = Math.atan2(z, Math.hypot(x, y)) * DEG;
      k++;
    }
    const field = this.fieldCount(c, j);
    this.uniformInCell(j, field, new RandomStream(this.opts.seed, c, this.cells[j], 5), ra, dec, k);
    return k + field - o;
  }

  /** Catalogue c's rows of the region cells `js` (increasing) as an engine input. */
  private catalog(c: number, js: ArrayLike<number>): { input: CatalogInput; rows: Float64Array } {
    let n = 0;
    for (let i = 0; i < js.length; i++) n += this.rowStart[c][js[i] + 1] - this.rowStart[c][js[i]];
    const ra = new Float64Array(n);
    const dec = new Float64Array(n);
    const rows = new Float64Array(n);
    let o = 0;
    for (let i = 0; i < js.length; i++) {
      const j = js[i];
      const got = this.fillCell(c, j, ra, dec, o);
      for (let k = 0; k < got; k++) rows[o + k] = this.rowStart[c][j] + k;
      o += got;
    }
    const errArcsec = c === 0 ? this.opts.primaryErrArcsec : this.opts.secondaryErrArcsec[c - 1];
    const name = c === 0 ? 'SPT' : `SEC${c}`;
    const table = new Table(
      [
        column(
          'id',
          Int32Array.from(rows, (r) => r + 1),
        ),
        column('ra', ra, { unit: 'deg' }),
        column('dec', dec, { unit: 'deg' }),
        column('pos_err', new Float64Array(n).fill(errArcsec), { unit: 'arcsec' }),
      ],
      { name, skyAreaDeg2: this.areaDeg2 },
    );
    const v = new Float64Array(n).fill(errArcsec * errArcsec);
    return {
      rows,
      input: {
        name,
        table,
        raDeg: ra,
        decDeg: dec,
        errors: { varEastArcsec2: v, varNorthArcsec2: v, covEastNorthArcsec2: new Float64Array(n), circular: true },
        skyAreaDeg2: this.areaDeg2,
      },
    };
  }

  /** Whole catalogues (every region cell once), for checking the tiled run at small scales. */
  wholeCatalogs(): CatalogInput[] {
    const all = Array.from(this.cells, (_, j) => j);
    return this.rowStart.map((_, c) => this.catalog(c, all).input);
  }

  /** The tiles with primaries, in increasing order, each with its secondaries' margins. */
  *tiles(): Generator<TileInput> {
    const own = new Map<number, number[]>();
    const reach = new Map<number, number[]>();
    for (let j = 0; j < this.cells.length; j++) {
      const cell = this.cells[j];
      const t = this.mapper.tileOfCell(cell);
      if (!own.has(t)) own.set(t, []);
      own.get(t)?.push(j);
      for (const u of this.mapper.tilesOfCell(cell)) {
        if (!reach.has(u)) reach.set(u, []);
        reach.get(u)?.push(j);
      }
    }
    for (const t of [...own.keys()].sort((a, b) => a - b)) {
      const t0 = process.cpuUsage();
      const prim = this.catalog(0, own.get(t) ?? []);
      const catalogs = [prim.input];
      for (let c = 1; c < this.rowStart.length; c++) catalogs.push(this.catalog(c, reach.get(t) ?? []).input);
      const dt = process.cpuUsage(t0);
      this.genCpuS += (dt.user + dt.system) / 1e6;
      yield { tile: t, catalogs, primaryRows: Int32Array.from(prim.rows) };
    }
  }
}
