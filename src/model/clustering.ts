/**
 * Clustered galaxy positions (optional): a lognormal density field with halo-mass-dependent bias.
 *
 * Field. Per redshift slab (consecutive model shells grouped to ≥ SLAB_DC_MPC of comoving depth) a
 * Gaussian field g on the sphere whose angular power follows the Limber (1953; Kaiser 1992 ApJ 388,
 * 272 eq. 9) projection of the linear matter power spectrum of the slab,
 *   C_ℓ = ∫ dχ n(χ)² / χ² · P_lin(k = (ℓ + ½)/χ, z(χ)),   n(χ) = 3χ² / (χ_b³ − χ_a³)
 * (halos are uniform in comoving volume within the slab; P_lin = Eisenstein & Hu 1998 no-wiggle
 * × growth², power-spectrum.ts; no nonlinear boost). g is a sum of LEVELS independent components,
 * each white noise on HEALPix pixels (order LEVEL_ORDER0 − L, noise keyed by (seed, level, nested
 * pixel)) convolved with a Gaussian kernel of width s_L = S_MIN_RAD·2^L; component L has power
 * v_L e^{−ℓ² s_L²} (flat sky), and the v_L ≥ 0 are fitted to C_ℓ over FIT_ELL_MIN–FIT_ELL_MAX
 * (non-negative least squares in relative error). The field is therefore defined globally by the
 * seed, independent of the region asked for or of the chunking; its resolution is ≈ s_min √2 ≈ 4′,
 * and modes at ℓ ≲ 20 are only approximated (flat-sky kernels; a Gaussian sum is flat as ℓ → 0).
 * g is evaluated at the corners of the sky cells (sky-cells.ts) and bilinearly interpolated in
 * (RA, sin δ) inside a cell; the interpolated value's variance v(x) is known exactly from the
 * model covariance of the four corners.
 *
 * Bias. A halo of mass M in shell s sees ρ_b = exp(b g − b² v/2) (positive, mean 1 for Gaussian
 * g of variance v), b = b(M, z_rep) of Tinker et al. 2010 (ApJ 724, 878) eq. 6 with the Table 2
 * coefficients at Δ = 200 (the model's mass function is Tinker 2008 at Δ = 200 mean). The pair
 * correlation of the tracers is then exp(b_i b_j ξ_g) − 1 ≈ b_i b_j w_matter on large scales.
 *
 * Positions. An inhomogeneous Poisson process by thinning (Lewis & Shedler 1979, Nav. Res. Log.
 * Q. 26, 403): the halo-mass bins of a shell are grouped into classes of nearly equal bias (largest
 * / smallest ≤ CLASS_BIAS_RATIO), and per (shell, cell, class) candidates come at rate λ × n̄ × the
 * class's share of the halos, with λ ≥ ρ_b everywhere in the cell for every bias of the class
 * (thinning-bound.ts: exact), each with position and halo mass drawn as in the Poisson sampler and
 * kept with probability ρ_b(x; M)/λ. No cap: the mean density and the expected-counts integral are
 * unchanged. AGN positions stay Poisson.
 */
import { RandomStream } from '../random/stream.js';
import { pix2angNestNumber } from '../sky/healpix-nest.js';
import { queryDiscNestNumber } from '../sky/healpix-query-disc.js';
import { redshiftAtComoving } from './cosmology.js';
import { GUIDE_BUCKETS, normalZig } from './fast-draws.js';
import type { GalaxyModel } from './galaxy-model.js';
import type { StateBuffer } from './galaxy-state.js';
import { growthFactor, sigmaTable, transferNoWiggle } from './power-spectrum.js';
import { drawStarFormationScaled, GALAXY_STREAM_ID, type SearchGuides } from './sample-galaxies.js';
import {
  type CellBounds,
  inBox,
  N_DEC_BANDS,
  N_RA_SLICES,
  RA_STEP_DEG,
  SIN_STEP,
  type SkyBoxDeg,
} from './sky-cells.js';
import { cellRateBound } from './thinning-bound.js';

/** Random-stream tag of the field's white noise. */
const FIELD_STREAM_ID = 0x636c7573;
/** Extra key word of the clustered galaxy streams (they differ from the Poisson ones). */
const CLUSTERED_KEY = 0x74686e;
/** Minimum comoving depth of a slab (Mpc). */
export const SLAB_DC_MPC = 500;
/** Field components: Gaussian kernel widths S_MIN_RAD·2^L on HEALPix order LEVEL_ORDER0 − L. */
export const LEVELS = 7;
export const S_MIN_RAD = (3 / 60) * (Math.PI / 180);
const LEVEL_ORDER0 = 11;
/** Kernels are truncated at KERNEL_RADIUS × s_L (variance lost: e^{−12.25} of the component's). */
const KERNEL_RADIUS = 3.5;
/** Multipoles over which the component amplitudes are fitted to the Limber C_ℓ. */
export const FIT_ELL_MIN = 20;
export const FIT_ELL_MAX = 1000;
/**
 * Halo-mass bins are thinned in classes whose largest bias is at most this times the smallest, so
 * that each class's rate bound is close to its halos' actual rates (the most biased halos at high z
 * would otherwise raise the candidate rate of every other halo by orders of magnitude).
 */
const CLASS_BIAS_RATIO = 1.25;
/** Tinker et al. 2010 eq. 6: δ_c. */
const DELTA_C = 1.686;

export interface ClusteringOptions {
  /** Multiplies every slab's C_ℓ (1 = the model; larger values only for tests and sensitivity checks). */
  powerScale?: number;
}

/**
 * Tinker et al. 2010 (ApJ 724, 878) large-scale halo bias, eq. 6 with the Table 2 fits at
 * overdensity Δ (× mean): b(ν) = 1 − A ν^a/(ν^a + δ_c^a) + B ν^b + C ν^c, ν = δ_c/σ(M, z).
 * @example tinkerBias(1) // ≈ 0.97 (σ = δ_c, Δ = 200)
 */
export function tinkerBias(nu: number, delta = 200): number {
  const y = Math.log10(delta);
  const e = Math.exp(-((4 / y) ** 4));
  const A = 1 + 0.24 * y * e;
  const a = 0.44 * y - 0.88;
  const B = 0.183;
  const b = 1.5;
  const C = 0.019 + 0.107 * y + 0.19 * e;
  const c = 2.4;
  const na = nu ** a;
  return 1 - (A * na) / (na + DELTA_C ** a) + B * nu ** b + C * nu ** c;
}

/** Linear P(k) at z = 0 in Mpc³ (k in Mpc⁻¹): A k^{n_s} T_EH(k)², normalised to σ8 (top hat, R = 8/h Mpc). */
export function linearPowerFn(p: GalaxyModel['params']): (kMpc: number) => number {
  const c = { h: p.h, omegaM: p.omega_m, omegaB: p.omega_b, sigma8: p.sigma8, nS: p.n_s };
  const r8 = 8 / c.h;
  const n = 800;
  const lnkMin = Math.log(1e-5);
  const lnkMax = Math.log(200);
  const dlnk = (lnkMax - lnkMin) / n;
  let acc = 0;
  for (let i = 0; i <= n; i++) {
    const k = Math.exp(lnkMin + i * dlnk);
    const x = k * r8;
    const w = x < 1e-3 ? 1 - (x * x) / 10 : (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
    const t = transferNoWiggle(c, k);
    const f = k ** (3 + c.nS) * t * t * w * w;
    acc += i === 0 || i === n ? 0.5 * f : f;
  }
  const amp = (c.sigma8 * c.sigma8) / ((acc * dlnk) / (2 * Math.PI * Math.PI));
  return (k: number) => {
    const t = transferNoWiggle(c, k);
    return amp * k ** c.nS * t * t;
  };
}

/** Limber C_ℓ of a slab [χa, χb] (Mpc) of uniformly distributed tracers, at the multipoles `ells`. */
export function limberCl(model: GalaxyModel, dcLo: number, dcHi: number, ells: readonly number[]): Float64Array {
  const pk = linearPowerFn(model.params);
  const n = 64;
  const norm = 3 / (dcHi ** 3 - dcLo ** 3);
  const out = new Float64Array(ells.length);
  const dchi = (dcHi - dcLo) / n;
  for (let i = 0; i < n; i++) {
    const chi = dcLo + (i + 0.5) * dchi;
    const z = redshiftAtComoving(model.dist, chi);
    const d = growthFactor(model.params.omega_m, z);
    const nn = norm * chi * chi;
    const w = ((nn * nn) / (chi * chi)) * d * d * dchi;
    for (let j = 0; j < ells.length; j++) out[j] += w * pk((ells[j] + 0.5) / chi);
  }
  return out;
}

/** Non-negative least squares min ‖A v − y‖² (A row-major m × n) by cyclic projected coordinate descent. */
function nnls(a: Float64Array, y: Float64Array, m: number, n: number): Float64Array {
  const h = new Float64Array(n * n);
  const q = new Float64Array(n);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < n; k++) {
      q[k] += a[i * n + k] * y[i];
      for (let l = 0; l < n; l++) h[k * n + l] += a[i * n + k] * a[i * n + l];
    }
  const v = new Float64Array(n);
  for (let it = 0; it < 20000; it++) {
    let change = 0;
    for (let k = 0; k < n; k++) {
      let g = -q[k];
      for (let l = 0; l < n; l++) g += h[k * n + l] * v[l];
      const nv = Math.max(0, v[k] - g / h[k * n + k]);
      change = Math.max(change, Math.abs(nv - v[k]));
      v[k] = nv;
    }
    if (change === 0) break;
  }
  return v;
}

interface LevelPixel {
  x: number;
  y: number;
  z: number;
  /** Unit white noise of every slab. */
  noise: Float64Array;
}

interface BandGeometry {
  /** Per slab [σ², ξ(lower edge), ξ(upper edge), ξ(side), ξ(diagonal), min of these]. */
  cov: Float64Array;
  /** Per slab the corners' 4 × 4 covariance matrix (order 00, 10, 01, 11), row-major. */
  matrix: Float64Array;
}

/**
 * The clustered sky of one seed: field, biases and the clustered per-cell sampler. Values are
 * computed on demand and cached; each depends only on the seed and its sky position.
 */
export class ClusteredSky {
  readonly nSlabs: number;
  readonly slabOfShell: Int32Array;
  /** Slab comoving-distance edges (Mpc), nSlabs + 1 values. */
  readonly slabDc: Float64Array;
  /** [slab × LEVELS] component power amplitudes v_L (sr). */
  readonly levelPower: Float64Array;
  /** [slab × LEVELS] kernel amplitudes c_L = √v_L / (2π s_L²). */
  private readonly levelAmp: Float64Array;
  /** [slab] point variance of g, Σ_L v_L / (4π s_L²). */
  readonly sigma2: Float64Array;
  /** [shell × nMh] Tinker 2010 bias at the shell's z_rep. */
  readonly bias: Float64Array;
  /**
   * Bias classes (CLASS_BIAS_RATIO): shell s owns classes classOffset[s] … classOffset[s + 1] − 1;
   * class c holds the halo bins classFirstBin[c] … classLastBin[c].
   */
  readonly classOffset: Int32Array;
  readonly classFirstBin: Int32Array;
  readonly classLastBin: Int32Array;
  private readonly pixels: Map<number, LevelPixel>[] = [];
  private readonly nodes = new Map<number, Float64Array>();
  private readonly bands = new Map<number, BandGeometry>();

  constructor(
    readonly model: GalaxyModel,
    readonly seed: number,
    options: ClusteringOptions = {},
  ) {
    const scale = options.powerScale ?? 1;
    const ns = model.nShells;
    this.slabOfShell = new Int32Array(ns);
    const edges: number[] = [model.dcLo[0]];
    for (let s = 0; s < ns; s++) {
      this.slabOfShell[s] = edges.length - 1;
      if (model.dcHi[s] - edges[edges.length - 1] >= SLAB_DC_MPC || s === ns - 1) edges.push(model.dcHi[s]);
    }
    // A last slab thinner than half the depth joins the one before it.
    const nE = edges.length;
    if (nE > 2 && edges[nE - 1] - edges[nE - 2] < SLAB_DC_MPC / 2) {
      edges.splice(nE - 2, 1);
      for (let s = 0; s < ns; s++) this.slabOfShell[s] = Math.min(this.slabOfShell[s], edges.length - 2);
    }
    this.nSlabs = edges.length - 1;
    this.slabDc = Float64Array.from(edges);
    // Component amplitudes per slab: fit Σ_L v_L e^{−ℓ² s_L²} to C_ℓ (relative error, ≥ 0).
    const nEll = 40;
    const ells = Array.from({ length: nEll }, (_, i) => FIT_ELL_MIN * (FIT_ELL_MAX / FIT_ELL_MIN) ** (i / (nEll - 1)));
    this.levelPower = new Float64Array(this.nSlabs * LEVELS);
    this.levelAmp = new Float64Array(this.nSlabs * LEVELS);
    this.sigma2 = new Float64Array(this.nSlabs);
    for (let k = 0; k < this.nSlabs; k++) {
      const cl = limberCl(model, this.slabDc[k], this.slabDc[k + 1], ells);
      const a = new Float64Array(nEll * LEVELS);
      const y = new Float64Array(nEll).fill(1);
      for (let i = 0; i < nEll; i++)
        for (let l = 0; l < LEVELS; l++) {
          const s = S_MIN_RAD * 2 ** l;
          a[i * LEVELS + l] = Math.exp(-(ells[i] * ells[i] * s * s)) / (scale * cl[i]);
        }
      const v = nnls(a, y, nEll, LEVELS);
      for (let l = 0; l < LEVELS; l++) {
        const s = S_MIN_RAD * 2 ** l;
        this.levelPower[k * LEVELS + l] = v[l];
        this.levelAmp[k * LEVELS + l] = Math.sqrt(v[l]) / (2 * Math.PI * s * s);
        this.sigma2[k] += v[l] / (4 * Math.PI * s * s);
      }
    }
    // Halo bias per (shell, mass bin), σ(M, z) = σ0(M) D(z_rep).
    const p = model.params;
    const nMh = model.logMh.length;
    const sig = sigmaTable(
      { h: p.h, omegaM: p.omega_m, omegaB: p.omega_b, sigma8: p.sigma8, nS: p.n_s },
      model.logMh[0],
      model.logMh[nMh - 1],
      model.logMhStep,
    );
    this.bias = new Float64Array(ns * nMh);
    const offsets = [0];
    const firstBins: number[] = [];
    const lastBins: number[] = [];
    for (let s = 0; s < ns; s++) {
      const d = growthFactor(p.omega_m, model.zRep[s]);
      for (let j = 0; j < nMh; j++) this.bias[s * nMh + j] = tinkerBias(DELTA_C / (sig.sigma0[j] * d));
      // Bias grows with halo mass: consecutive bins, a new class when the ratio would pass the limit.
      for (let j = model.firstHalo[s]; j < nMh; ) {
        const b0 = this.bias[s * nMh + j];
        let e = j;
        while (e + 1 < nMh && this.bias[s * nMh + e + 1] <= CLASS_BIAS_RATIO * b0) e++;
        firstBins.push(j);
        lastBins.push(e);
        j = e + 1;
      }
      offsets.push(firstBins.length);
    }
    this.classOffset = Int32Array.from(offsets);
    this.classFirstBin = Int32Array.from(firstBins);
    this.classLastBin = Int32Array.from(lastBins);
    for (let l = 0; l < LEVELS; l++) this.pixels.push(new Map());
  }

  /** Model angular power of slab k's field g at multipole ℓ (flat sky). */
  powerAt(k: number, ell: number): number {
    let acc = 0;
    for (let l = 0; l < LEVELS; l++) {
      const s = S_MIN_RAD * 2 ** l;
      acc += this.levelPower[k * LEVELS + l] * Math.exp(-(ell * ell * s * s));
    }
    return acc;
  }

  /** Model covariance ξ_g(θ) of slab k's field at separation θ (rad). */
  covariance(k: number, thetaRad: number): number {
    let acc = 0;
    for (let l = 0; l < LEVELS; l++) {
      const s = S_MIN_RAD * 2 ** l;
      acc += (this.levelPower[k * LEVELS + l] / (4 * Math.PI * s * s)) * Math.exp(-(thetaRad * thetaRad) / (4 * s * s));
    }
    return acc;
  }

  private pixel(l: number, order: number, pix: number): LevelPixel {
    const map = this.pixels[l];
    let e = map.get(pix);
    if (!e) {
      const [ra, dec] = pix2angNestNumber(order, pix);
      const d2r = Math.PI / 180;
      const cd = Math.cos(dec * d2r);
      const rng = new RandomStream(this.seed, FIELD_STREAM_ID, l, pix);
      const noise = new Float64Array(this.nSlabs);
      for (let k = 0; k < this.nSlabs; k++) noise[k] = rng.normal();
      e = { x: cd * Math.cos(ra * d2r), y: cd * Math.sin(ra * d2r), z: Math.sin(dec * d2r), noise };
      map.set(pix, e);
    }
    return e;
  }

  /** The field g of every slab at (raDeg, decDeg) (not cached). */
  fieldAt(raDeg: number, decDeg: number): Float64Array {
    const d2r = Math.PI / 180;
    const cd = Math.cos(decDeg * d2r);
    const x = cd * Math.cos(raDeg * d2r);
    const y = cd * Math.sin(raDeg * d2r);
    const z = Math.sin(decDeg * d2r);
    const out = new Float64Array(this.nSlabs);
    for (let l = 0; l < LEVELS; l++) {
      const order = LEVEL_ORDER0 - l;
      const s = S_MIN_RAD * 2 ** l;
      const sqrtOmega = Math.sqrt((4 * Math.PI) / (12 * 4 ** order));
      const inv2s2 = 1 / (2 * s * s);
      const pixList = queryDiscNestNumber(order, raDeg, decDeg, (KERNEL_RADIUS * s) / d2r);
      for (let t = 0; t < pixList.length; t++) {
        const e = this.pixel(l, order, pixList[t]);
        const dx = e.x - x;
        const dy = e.y - y;
        const dz = e.z - z;
        const w = sqrtOmega * Math.exp(-(dx * dx + dy * dy + dz * dz) * inv2s2);
        for (let k = 0; k < this.nSlabs; k++) out[k] += this.levelAmp[k * LEVELS + l] * w * e.noise[k];
      }
    }
    return out;
  }

  /** g of every slab at the cell-grid node (band edge b ∈ 0..N_DEC_BANDS, RA slice edge r). */
  node(b: number, r: number): Float64Array {
    const rr = ((r % N_RA_SLICES) + N_RA_SLICES) % N_RA_SLICES;
    const id = b * N_RA_SLICES + rr;
    let v = this.nodes.get(id);
    if (!v) {
      const dec = (Math.asin(Math.max(-1, Math.min(1, -1 + b * SIN_STEP))) * 180) / Math.PI;
      v = this.fieldAt(rr * RA_STEP_DEG, dec);
      this.nodes.set(id, v);
    }
    return v;
  }

  /** Corner covariances of the cells of dec band b (the same for every cell of the band). */
  private band(b: number): BandGeometry {
    let g = this.bands.get(b);
    if (!g) {
      const d2r = Math.PI / 180;
      const vec = (bb: number, r: number): [number, number, number] => {
        const sd = Math.max(-1, Math.min(1, -1 + bb * SIN_STEP));
        const cd = Math.sqrt(1 - sd * sd);
        const ra = r * RA_STEP_DEG * d2r;
        return [cd * Math.cos(ra), cd * Math.sin(ra), sd];
      };
      const ang = (a: number[], c: number[]) =>
        2 * Math.asin(Math.min(1, Math.hypot(a[0] - c[0], a[1] - c[1], a[2] - c[2]) / 2));
      const p00 = vec(b, 0);
      const p10 = vec(b, 1);
      const p01 = vec(b + 1, 0);
      const p11 = vec(b + 1, 1);
      const th = [ang(p00, p10), ang(p01, p11), ang(p00, p01), ang(p00, p11)];
      const cov = new Float64Array(this.nSlabs * 6);
      const matrix = new Float64Array(this.nSlabs * 16);
      for (let k = 0; k < this.nSlabs; k++) {
        const o = k * 6;
        cov[o] = this.covariance(k, 0);
        for (let t = 0; t < 4; t++) cov[o + 1 + t] = this.covariance(k, th[t]);
        // The other diagonal (p10–p01) is as long as p00–p11 by symmetry of the lat-long cell.
        cov[o + 5] = Math.min(cov[o], cov[o + 1], cov[o + 2], cov[o + 3], cov[o + 4]);
        // The same as a 4 × 4 matrix over the corners in the order 00, 10, 01, 11.
        const [c0, c1, c2, c3, c4] = [cov[o], cov[o + 1], cov[o + 2], cov[o + 3], cov[o + 4]];
        matrix.set([c0, c1, c3, c4, c1, c0, c4, c3, c3, c4, c0, c2, c4, c3, c2, c0], k * 16);
      }
      g = { cov, matrix };
      this.bands.set(b, g);
    }
    return g;
  }

  /**
   * Density contrast factor ρ_b = exp(b g − b² v/2) of a tracer of bias b in slab k at a point of
   * the cell (fx, fy ∈ [0, 1]: fractions of the cell in RA and sin δ).
   */
  densityInCell(k: number, bias: number, cell: CellBounds, fx: number, fy: number): number {
    const b = Math.floor(cell.id / N_RA_SLICES);
    const r = cell.id - b * N_RA_SLICES;
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    const g =
      w00 * this.node(b, r)[k] +
      w10 * this.node(b, r + 1)[k] +
      w01 * this.node(b + 1, r)[k] +
      w11 * this.node(b + 1, r + 1)[k];
    const c = this.band(b).cov;
    const o = k * 6;
    const v =
      c[o] * (w00 * w00 + w10 * w10 + w01 * w01 + w11 * w11) +
      2 *
        (c[o + 1] * w00 * w10 +
          c[o + 2] * w01 * w11 +
          c[o + 3] * (w00 * w01 + w10 * w11) +
          c[o + 4] * (w00 * w11 + w10 * w01));
    return Math.exp(bias * g - 0.5 * bias * bias * v);
  }

  /**
   * Draws the galaxies of one (shell, cell) inside the box into `buf` by thinning (the clustered
   * counterpart of sample-galaxies.ts sampleCell: same draws per kept galaxy, other stream).
   */
  sampleCell(
    guides: SearchGuides,
    s: number,
    cell: CellBounds,
    box: SkyBoxDeg,
    buf: StateBuffer,
    sf: Float64Array,
  ): void {
    const model = this.model;
    const p = model.params;
    const nMh = model.logMh.length;
    const k = this.slabOfShell[s];
    const b = Math.floor(cell.id / N_RA_SLICES);
    const r = cell.id - b * N_RA_SLICES;
    const g00 = this.node(b, r)[k];
    const g10 = this.node(b, r + 1)[k];
    const g01 = this.node(b + 1, r)[k];
    const g11 = this.node(b + 1, r + 1)[k];
    const band = this.band(b);
    const cov = band.cov;
    const o = k * 6;
    const corners = [g00, g10, g01, g11];
    const cMat = band.matrix.subarray(k * 16, k * 16 + 16);
    const vLo = cov[o + 5];
    const v0 = cov[o];
    const v1 = cov[o + 1];
    const v2 = cov[o + 2];
    const v3 = cov[o + 3];
    const v4 = cov[o + 4];
    const cdf = model.haloCdf;
    const cdfBase = s * nMh;
    const rng = new RandomStream(this.seed, GALAXY_STREAM_ID, s, cell.id, CLUSTERED_KEY);
    const meanHalos = model.halosPerSr[s] * ((4 * Math.PI) / (N_DEC_BANDS * N_RA_SLICES));
    const dc3Lo = model.dcLo[s] ** 3;
    const dc3Span = model.dcHi[s] ** 3 - dc3Lo;
    const guideBase = s * GUIDE_BUCKETS;
    const first = model.firstHalo[s];
    const r2d = 180 / Math.PI;
    for (let cl = this.classOffset[s]; cl < this.classOffset[s + 1]; cl++) {
      const j0 = this.classFirstBin[cl];
      const j1 = this.classLastBin[cl];
      const fLo = j0 > 0 ? cdf[cdfBase + j0 - 1] : 0;
      const fSpan = cdf[cdfBase + j1] - fLo;
      if (!(fSpan > 0)) continue;
      const expected = meanHalos * fSpan;
      const lambda = cellRateBound(corners, cMat, vLo, this.bias[cdfBase + j0], this.bias[cdfBase + j1], expected);
      const n = rng.poisson(expected * lambda);
      for (let c = 0; c < n; c++) {
        const fx = rng.uniform();
        const fy = rng.uniform();
        // Halo bin by inverse CDF within the class: u in (fLo, fLo + fSpan].
        const u = fLo + fSpan * (1 - rng.uniform());
        let lo = guides.halo[guideBase + Math.min(GUIDE_BUCKETS - 1, (u * GUIDE_BUCKETS) | 0)];
        while (cdf[cdfBase + lo] < u) lo++;
        const bias = this.bias[cdfBase + lo];
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        const g = w00 * g00 + w10 * g10 + w01 * g01 + w11 * g11;
        const v =
          v0 * (w00 * w00 + w10 * w10 + w01 * w01 + w11 * w11) +
          2 * (v1 * w00 * w10 + v2 * w01 * w11 + v3 * (w00 * w01 + w10 * w11) + v4 * (w00 * w11 + w10 * w01));
        if (rng.uniform() * lambda >= Math.exp(bias * g - 0.5 * bias * bias * v)) continue;
        const ra = cell.raLoDeg + fx * RA_STEP_DEG;
        const dec = Math.asin(Math.min(1, cell.sinDecLo + fy * SIN_STEP)) * r2d;
        const z = redshiftAtComoving(model.dist, Math.cbrt(dc3Lo + rng.uniform() * dc3Span));
        const off = rng.uniform() - 0.5;
        const logMh = model.logMh[lo] + off * model.logMhStep;
        const nb = off >= 0 ? Math.min(lo + 1, nMh - 1) : Math.max(lo - 1, first);
        const mb = model.mbar[cdfBase + lo] + Math.abs(off) * (model.mbar[cdfBase + nb] - model.mbar[cdfBase + lo]);
        const m = mb + p.am_scatter_dex * normalZig(rng);
        const kind = drawStarFormationScaled(rng, model, guides.lens, s, m, sf, 1);
        if (!inBox(box, ra, dec)) continue;
        buf.push(ra, dec, z, s, logMh, m, kind, sf);
      }
    }
  }
}
