/**
 * Beam blending of single-dish surveys (SPIRE, SCUBA-2): the mock sources are placed on the sky,
 * the sky is convolved with a Gaussian beam (map in mJy/beam, so an isolated point source of flux S
 * peaks at S), the map mean is removed (Herschel and SCUBA-2 maps are mean-zero after background
 * filtering), and every local maximum is one detection whose flux is the map value at the peak —
 * the sum of the beam-weighted fluxes of all sources around it. This is the blending that makes
 * single-dish counts exceed interferometric (resolved) ones at the bright end (Béthermin et al.
 * 2017, A&A 607, A89, §5: SIDES counts measured on simulated SPIRE maps vs the intrinsic counts;
 * Karim et al. 2013 for SCUBA/LABOCA vs ALMA). Positions are those of the sampler: Poisson, or
 * clustered (clustering.ts), which adds the boost of correlated neighbours (Negrello et al. 2004,
 * MNRAS 352, 493; Béthermin et al. 2017 §5). `addBeamNoise` adds instrumental noise as it appears
 * in a beam-filtered map (Eddington boosting of raw catalogue fluxes).
 */
import type { RandomStream } from '../random/stream.js';

/** A square map in the tangent plane: pixel (i, j) is centred at (x0 + i·pix, y0 + j·pix) arcsec. */
export interface BeamMap {
  n: number;
  pixArcsec: number;
  x0Arcsec: number;
  y0Arcsec: number;
  /** Row-major [j * n + i], mJy/beam. */
  data: Float64Array;
  /** Mean subtracted from the map (mJy/beam). */
  meanMJyPerBeam: number;
}

export interface BlendedPeaks {
  xArcsec: Float64Array;
  yArcsec: Float64Array;
  fluxMJy: Float64Array;
}

const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.LN2));

/**
 * Beam-convolved map of point sources at tangent-plane offsets (x, y) arcsec with fluxes in mJy,
 * covering |x|, |y| ≤ halfWidthArcsec. Sources at or above exactAboveMJy are added as exact Gaussian
 * stamps (out to 4σ); fainter ones, which only make the confusion background, are deposited by
 * cloud-in-cell (bilinear) weights — flux- and centroid-conserving, adding a variance pix²/6 per
 * axis on average — and convolved with a separable Gaussian of σ_k² = σ_beam² − pix²/6, so that
 * deposit ⊗ kernel has the beam's second moment.
 * @example beamMap(Float64Array.of(0), Float64Array.of(0), Float64Array.of(10), 36, 300).data // peak ≈ 10 at the centre
 */
export function beamMap(
  xArcsec: Float64Array,
  yArcsec: Float64Array,
  fluxMJy: Float64Array,
  fwhmArcsec: number,
  halfWidthArcsec: number,
  pixPerFwhm = 8,
  subtractMean = true,
  exactAboveMJy = 0,
): BeamMap {
  const pix = fwhmArcsec / pixPerFwhm;
  const n = 2 * Math.ceil(halfWidthArcsec / pix) + 1;
  const x0 = -((n - 1) / 2) * pix;
  const sigmaBeamPix = (fwhmArcsec * FWHM_TO_SIGMA) / pix;
  const rb = Math.ceil(4 * sigmaBeamPix);
  const out = new Float64Array(n * n);
  const grid = new Float64Array(n * n);
  const gx = new Float64Array(2 * rb + 1);
  const gy = new Float64Array(2 * rb + 1);
  const inv2s2 = 1 / (2 * sigmaBeamPix * sigmaBeamPix);
  let nGrid = 0;
  for (let k = 0; k < xArcsec.length; k++) {
    const fx = (xArcsec[k] - x0) / pix;
    const fy = (yArcsec[k] - x0) / pix;
    const s = fluxMJy[k];
    if (s >= exactAboveMJy) {
      const ic = Math.round(fx);
      const jc = Math.round(fy);
      if (ic < -rb || jc < -rb || ic > n - 1 + rb || jc > n - 1 + rb) continue;
      for (let t = -rb; t <= rb; t++) {
        const dx = ic + t - fx;
        const dy = jc + t - fy;
        gx[t + rb] = Math.exp(-dx * dx * inv2s2);
        gy[t + rb] = s * Math.exp(-dy * dy * inv2s2);
      }
      const iLo = Math.max(0, ic - rb);
      const iHi = Math.min(n - 1, ic + rb);
      for (let j = Math.max(0, jc - rb); j <= Math.min(n - 1, jc + rb); j++) {
        const wy = gy[j - jc + rb];
        const row = j * n;
        for (let i = iLo; i <= iHi; i++) out[row + i] += wy * gx[i - ic + rb];
      }
      continue;
    }
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    if (!(i >= 0 && j >= 0 && i < n - 1 && j < n - 1)) continue;
    const ax = fx - i;
    const ay = fy - j;
    const b = j * n + i;
    grid[b] += s * (1 - ax) * (1 - ay);
    grid[b + 1] += s * ax * (1 - ay);
    grid[b + n] += s * (1 - ax) * ay;
    grid[b + n + 1] += s * ax * ay;
    nGrid++;
  }
  if (nGrid > 0) convolveInto(grid, n, Math.sqrt(sigmaBeamPix * sigmaBeamPix - 1 / 6), out);
  let mean = 0;
  if (subtractMean) {
    for (let k = 0; k < out.length; k++) mean += out[k];
    mean /= out.length;
    for (let k = 0; k < out.length; k++) out[k] -= mean;
  }
  return { n, pixArcsec: pix, x0Arcsec: x0, y0Arcsec: x0, data: out, meanMJyPerBeam: mean };
}

/**
 * A copy of `map` plus instrumental noise as seen in a beam-filtered map: white noise per pixel
 * convolved with the beam (the matched filter of a point source in white noise is the beam itself),
 * scaled so that every pixel — hence every peak flux — has standard deviation sigmaMJy. Its
 * correlation is the beam ⊗ beam (FWHM √2 × the beam). The mean of the noise is not removed.
 * @example addBeamNoise(beamMap(xs, ys, fs, 35.2, 2000), 35.2, 7.7, new RandomStream(1, 2)).data
 */
export function addBeamNoise(map: BeamMap, fwhmArcsec: number, sigmaMJy: number, rng: RandomStream): BeamMap {
  const { n, pixArcsec: pix } = map;
  const white = new Float64Array(n * n);
  for (let k = 0; k < white.length; k++) white[k] = rng.normal();
  const sigmaPix = (fwhmArcsec * FWHM_TO_SIGMA) / pix;
  const noise = new Float64Array(n * n);
  convolveInto(white, n, sigmaPix, noise);
  // Variance of unit white noise through the separable unit-peak kernel: (Σ_t k_t²)².
  const r = Math.ceil(4 * sigmaPix);
  let k2 = 0;
  for (let t = -r; t <= r; t++) k2 += Math.exp(-(t * t) / (sigmaPix * sigmaPix));
  const scale = sigmaMJy / k2;
  const data = Float64Array.from(map.data);
  for (let k = 0; k < data.length; k++) data[k] += scale * noise[k];
  return { ...map, data };
}

/** out += grid ⊗ (unit-peak separable Gaussian of σ pixels), truncated at 4σ. */
function convolveInto(grid: Float64Array, n: number, sigmaPix: number, out: Float64Array): void {
  const r = Math.ceil(4 * sigmaPix);
  const kern = new Float64Array(2 * r + 1);
  for (let t = -r; t <= r; t++) kern[t + r] = Math.exp(-(t * t) / (2 * sigmaPix * sigmaPix));
  const tmp = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const row = j * n;
    for (let i = 0; i < n; i++) {
      const v = grid[row + i];
      if (v === 0) continue;
      const lo = Math.max(0, i - r);
      const hi = Math.min(n - 1, i + r);
      for (let q = lo; q <= hi; q++) tmp[row + q] += v * kern[q - i + r];
    }
  }
  for (let j = 0; j < n; j++) {
    const lo = Math.max(0, j - r);
    const hi = Math.min(n - 1, j + r);
    for (let q = lo; q <= hi; q++) {
      const w = kern[q - j + r];
      const src = j * n;
      const dst = q * n;
      for (let i = 0; i < n; i++) out[dst + i] += w * tmp[src + i];
    }
  }
}

/**
 * Local maxima (over the 8 neighbours) above thresholdMJy inside |x|, |y| ≤ coreHalfWidthArcsec.
 * Each peak's position and value are refined by a parabola through ln(map) along each axis, which is
 * exact for an isolated Gaussian beam (so sub-pixel offsets of a single source cost no flux).
 * @example findPeaks(beamMap(xs, ys, fluxes, 35.2, 2000), 20, 1800).fluxMJy
 */
export function findPeaks(map: BeamMap, thresholdMJy: number, coreHalfWidthArcsec: number): BlendedPeaks {
  const { n, data, pixArcsec: pix, x0Arcsec: x0, y0Arcsec: y0 } = map;
  const xs: number[] = [];
  const ys: number[] = [];
  const fs: number[] = [];
  for (let j = 1; j < n - 1; j++) {
    const y = y0 + j * pix;
    if (Math.abs(y) > coreHalfWidthArcsec) continue;
    for (let i = 1; i < n - 1; i++) {
      const k = j * n + i;
      const v = data[k];
      if (!(v >= thresholdMJy)) continue;
      // Strict on the "earlier" neighbours and ≥ on the later ones, so a flat top yields one peak.
      if (
        !(
          v > data[k - n - 1] &&
          v > data[k - n] &&
          v > data[k - n + 1] &&
          v > data[k - 1] &&
          v >= data[k + 1] &&
          v >= data[k + n - 1] &&
          v >= data[k + n] &&
          v >= data[k + n + 1]
        )
      )
        continue;
      const [dx, lx] = refine(data[k - 1], v, data[k + 1]);
      const [dy, ly] = refine(data[k - n], v, data[k + n]);
      const x = x0 + (i + dx) * pix;
      const yy = y + dy * pix;
      if (Math.abs(x) > coreHalfWidthArcsec || Math.abs(yy) > coreHalfWidthArcsec) continue;
      xs.push(x);
      ys.push(yy);
      fs.push(v * Math.exp(lx + ly));
    }
  }
  return { xArcsec: Float64Array.from(xs), yArcsec: Float64Array.from(ys), fluxMJy: Float64Array.from(fs) };
}

/** Vertex of the parabola through (−1, ln a), (0, ln b), (1, ln c): [offset, ln(peak/b)]. */
function refine(a: number, b: number, c: number): [number, number] {
  if (!(a > 0 && c > 0)) return [0, 0];
  const la = Math.log(a / b);
  const lc = Math.log(c / b);
  const curv = la + lc;
  if (!(curv < 0)) return [0, 0];
  const t = (la - lc) / (2 * curv);
  if (!(Math.abs(t) <= 0.5)) return [0, 0];
  return [t, -((lc - la) ** 2) / (8 * curv)];
}
