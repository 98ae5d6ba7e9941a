/**
 * Blended (single-dish) catalogues of the model: the sky of `sampleSky` (galaxies + radio AGN) in
 * square tangent-plane tiles, each turned into a beam-convolved map whose peaks are the detections
 * (blending.ts). A tile is sampled over its core plus a margin of 4 beam FWHM so that sources just
 * outside the core still blend into peaks inside it; only peaks in the core are kept, so tiles can be
 * laid side by side and their detections added. Sampling is per sky cell (sky-cells.ts), so a tile's
 * sources do not depend on the tiling. Options: clustered galaxy positions (clustering.ts) and
 * instrumental noise per band (blending.ts addBeamNoise), for counts measured on raw catalogues.
 */
import { RandomStream } from '../random/stream.js';
import { tangentOffsetArcsec } from '../sky/tangent-plane.js';
import { sampleRadioAgn } from './agn/sample.js';
import type { Band } from './bands.js';
import { addBeamNoise, beamMap, findPeaks } from './blending.js';
import { ClusteredSky } from './clustering.js';
import { buildGalaxyModel } from './galaxy-model.js';
import type { Params } from './params.js';
import { concatPopulations } from './population.js';
import { sampleGalaxies } from './sample-galaxies.js';

/** Random-stream tag of the map noise. */
const NOISE_STREAM_TAG = 0x6e6f6973;

export interface BlendedBand {
  /** Peak (blended) fluxes of the detections in the tile core above the threshold, mJy. */
  blendedMJy: Float64Array;
  /** Intrinsic fluxes of the sources in the tile core above the threshold, mJy (the same sky). */
  intrinsicMJy: Float64Array;
  /** Map mean removed (mJy/beam): the background of the sources above the floor. */
  meanMJyPerBeam: number;
  /** With options.noiseMJy for this band: peak fluxes of the same map plus instrumental noise. */
  blendedNoisyMJy?: Float64Array;
}

export interface BlendedTileOptions {
  /** Clustered galaxy positions (clustering.ts) instead of Poisson ones. */
  clustering?: boolean;
  /** Per band, 1σ instrumental noise (mJy) of the beam-filtered map, added for blendedNoisyMJy. */
  noiseMJy?: Partial<Record<Band, number>>;
}

export interface BlendedTile {
  bands: Partial<Record<Band, BlendedBand>>;
  /** Solid angle of the core, deg². */
  coreAreaDeg2: number;
}

/** A single-dish band: its beam FWHM and the lowest peak flux kept. */
export interface BeamSpec {
  band: Band;
  fwhmArcsec: number;
  thresholdMJy: number;
}

/**
 * One tile centred at (ra0, dec0) with a square core of side 2·coreHalfWidthDeg, sampled once and
 * mapped in every band of `beams`. Sources fainter than floorMJy in all of these bands are left out
 * (they add a near-uniform background that the mean subtraction removes, plus a small fluctuation).
 * @example blendedTile(resolveParams(), [{ band: 'spire500', fwhmArcsec: 35.2, thresholdMJy: 10 }], 30, -55, 0.5, 1, 0.01).bands.spire500
 */
export function blendedTile(
  params: Params,
  beams: readonly BeamSpec[],
  ra0Deg: number,
  dec0Deg: number,
  coreHalfWidthDeg: number,
  seed: number,
  floorMJy: number,
  options: BlendedTileOptions = {},
): BlendedTile {
  const coreArcsec = coreHalfWidthDeg * 3600;
  const maxFwhm = Math.max(...beams.map((b) => b.fwhmArcsec));
  const halfArcsec = coreArcsec + 4 * maxFwhm;
  const hDeg = (halfArcsec / 3600) * 1.02;
  const cosEdge = Math.cos((Math.min(Math.abs(dec0Deg) + hDeg, 89.9) * Math.PI) / 180);
  const box = {
    raMinDeg: ra0Deg - hDeg / cosEdge,
    raMaxDeg: ra0Deg + hDeg / cosEdge,
    decMinDeg: dec0Deg - hDeg,
    decMaxDeg: dec0Deg + hDeg,
  };
  const bands = beams.map((b) => b.band);
  const model = buildGalaxyModel(params, bands);
  const gal = sampleGalaxies(
    model,
    box,
    seed,
    bands,
    floorMJy,
    options.clustering ? new ClusteredSky(model, seed) : undefined,
  );
  const floor: Partial<Record<Band, number>> = {};
  for (const b of bands) floor[b] = floorMJy;
  // The same sky as counts.ts sampleSky (galaxies + radio AGN), with optional clustered galaxies.
  const pop = concatPopulations([gal, sampleRadioAgn(params, box, seed, floor, bands)], bands);
  const x = new Float64Array(pop.n);
  const y = new Float64Array(pop.n);
  const core = new Uint8Array(pop.n);
  for (let i = 0; i < pop.n; i++) {
    const [dx, dy] = tangentOffsetArcsec(ra0Deg, dec0Deg, pop.raDeg[i], pop.decDeg[i]);
    x[i] = dx;
    y[i] = dy;
    core[i] = Math.abs(dx) <= coreArcsec && Math.abs(dy) <= coreArcsec ? 1 : 0;
  }
  const out: Partial<Record<Band, BlendedBand>> = {};
  for (const { band, fwhmArcsec, thresholdMJy } of beams) {
    const f = pop.fluxMJy[band] as Float64Array;
    const intrinsic: number[] = [];
    for (let i = 0; i < pop.n; i++) if (core[i] && f[i] >= thresholdMJy) intrinsic.push(f[i]);
    // Exact beam stamps for every source that can matter to a peak on its own; the rest is background.
    const map = beamMap(x, y, f, fwhmArcsec, halfArcsec, 8, true, 0.1 * thresholdMJy);
    out[band] = {
      blendedMJy: findPeaks(map, thresholdMJy, coreArcsec).fluxMJy,
      intrinsicMJy: Float64Array.from(intrinsic),
      meanMJyPerBeam: map.meanMJyPerBeam,
    };
    const sigma = options.noiseMJy?.[band];
    if (sigma !== undefined && sigma > 0) {
      // Noise keyed by (seed, band index, tile centre) so each tile has its own realisation.
      const rng = new RandomStream(
        seed,
        NOISE_STREAM_TAG,
        beams.findIndex((b) => b.band === band),
        Math.round((ra0Deg + 360) * 1e6),
        Math.round((dec0Deg + 90) * 1e6),
      );
      const noisy = addBeamNoise(map, fwhmArcsec, sigma, rng);
      (out[band] as BlendedBand).blendedNoisyMJy = findPeaks(noisy, thresholdMJy, coreArcsec).fluxMJy;
    }
  }
  return { bands: out, coreAreaDeg2: (2 * coreHalfWidthDeg) ** 2 };
}

/**
 * Blending boost of the counts at flux S: N_blended(>S) / N_intrinsic(>S) on the same mock sky
 * (so the two share their Poisson fluctuations). Above the flux S_cap where fewer than minCount
 * intrinsic sources remain the ratio is held at its value there (`decay = false`), or decays as
 * boost(S_cap)^(S_cap/S) (`decay = true`: to leading order in the added flux δ ≪ S the boost of a
 * power law N(>S) ∝ S^−α is 1 + α⟨δ⟩/S, so ln boost ∝ 1/S, and it tends to 1 for bright sources);
 * below the lowest flux it is NaN.
 * @example blendingBoost(tile.bands.spire500.blendedMJy, tile.bands.spire500.intrinsicMJy)(30)
 */
export function blendingBoost(
  blendedMJy: Float64Array,
  intrinsicMJy: Float64Array,
  minCount = 10,
  decay = false,
): (sMJy: number) => number {
  const b = Float64Array.from(blendedMJy).sort();
  const i = Float64Array.from(intrinsicMJy).sort();
  const above = (a: Float64Array, s: number) => {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] > s) hi = mid;
      else lo = mid + 1;
    }
    return a.length - lo;
  };
  // The flux of the minCount-th brightest intrinsic source: the last one with a reliable ratio.
  const sCap = i.length >= minCount ? i[i.length - minCount] : Number.NEGATIVE_INFINITY;
  const floor = Math.min(b.length ? b[0] : Number.POSITIVE_INFINITY, i.length ? i[0] : Number.POSITIVE_INFINITY);
  return (sMJy: number) => {
    if (!(sMJy >= floor) || !Number.isFinite(sCap)) return Number.NaN;
    const s = Math.min(sMJy, sCap);
    const r = above(b, s) / above(i, s);
    return decay && sMJy > sCap ? r ** (sCap / sMJy) : r;
  };
}
