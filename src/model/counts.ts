/**
 * Model number counts: sampled (histogram of a simulated sky) and expected (integral over the model)
 * dN/dS per band and population, the rows `mmassoc counts` writes.
 */
import type { SkyBox } from '../sky/area.js';
import { agnExpectedDnds } from './agn/expected.js';
import { sampleRadioAgn } from './agn/sample.js';
import type { Band } from './bands.js';
import { type FluxBins, fineToBins } from './counts-bins.js';
import { expectedGalaxyCounts } from './expected-counts.js';
import { buildGalaxyModel } from './galaxy-model.js';
import type { Params } from './params.js';
import { concatPopulations, type Population } from './population.js';
import { sampleGalaxies } from './sample-galaxies.js';

export type CountsPopulation = 'all' | 'dusty' | 'synchrotron';

export interface CountsRow {
  band: Band;
  population: CountsPopulation;
  sLoMJy: number;
  sHiMJy: number;
  areaDeg2: number;
  nSim: number;
  dndsSim: number;
  dndsExpected: number;
}

const SR_PER_DEG2 = (Math.PI / 180) ** 2;

/** Expected dN/dS (Jy⁻¹ sr⁻¹) per bin of galaxies (dusty/synchrotron) and AGN (synchrotron). */
export function expectedDnds(
  params: Params,
  bands: readonly Band[],
  bins: FluxBins,
): Map<Band, Record<CountsPopulation, Float64Array>> {
  const model = buildGalaxyModel(params, bands);
  const fine = expectedGalaxyCounts(model, bands);
  const out = new Map<Band, Record<CountsPopulation, Float64Array>>();
  const nb = bins.loMJy.length;
  for (const b of bands) {
    const fc = fine.get(b);
    const dusty = fc ? fineToBins(fc.dusty, bins) : new Float64Array(nb);
    const syncGal = fc ? fineToBins(fc.synchrotron, bins) : new Float64Array(nb);
    const agn = agnBinned(params, b, bins);
    const d = new Float64Array(nb);
    const s = new Float64Array(nb);
    const a = new Float64Array(nb);
    for (let i = 0; i < nb; i++) {
      const dsJy = (bins.hiMJy[i] - bins.loMJy[i]) / 1000;
      d[i] = dusty[i] / dsJy;
      s[i] = syncGal[i] / dsJy + agn[i];
      a[i] = d[i] + s[i];
    }
    out.set(b, { all: a, dusty: d, synchrotron: s });
  }
  return out;
}

/** Bin-averaged AGN dN/dS: E2's point dN/dS integrated over each bin with 8 log-spaced nodes. */
function agnBinned(params: Params, band: Band, bins: FluxBins): Float64Array {
  const k = 8;
  const nb = bins.loMJy.length;
  const s = new Float64Array(nb * k);
  for (let i = 0; i < nb; i++) {
    const r = bins.hiMJy[i] / bins.loMJy[i];
    for (let j = 0; j < k; j++) s[i * k + j] = bins.loMJy[i] * r ** ((j + 0.5) / k);
  }
  const d = agnExpectedDnds(params, band, s);
  const out = new Float64Array(nb);
  for (let i = 0; i < nb; i++) {
    // ∫ dN/dS dS = ∫ S dN/dS dln S (midpoint in ln S), divided by ΔS.
    const dln = Math.log(bins.hiMJy[i] / bins.loMJy[i]) / k;
    let acc = 0;
    for (let j = 0; j < k; j++) acc += d[i * k + j] * s[i * k + j] * dln;
    out[i] = acc / (bins.hiMJy[i] - bins.loMJy[i]);
  }
  return out;
}

/** All galaxies and radio-loud AGN in a box with a flux ≥ floorMJy in at least one band. */
export function sampleSky(
  params: Params,
  box: SkyBox,
  seed: number,
  bands: readonly Band[],
  floorMJy: number,
): Population {
  const model = buildGalaxyModel(params, bands);
  const gal = sampleGalaxies(model, box, seed, bands, floorMJy);
  const floor: Partial<Record<Band, number>> = {};
  for (const b of bands) floor[b] = floorMJy;
  const agn = sampleRadioAgn(params, box, seed, floor, bands);
  return concatPopulations([gal, agn], bands);
}

/** Counts rows for every band × population × bin. */
export function countsRows(
  params: Params,
  box: SkyBox,
  areaDeg2: number,
  seed: number,
  bands: readonly Band[],
  bins: FluxBins,
): CountsRow[] {
  const pop = sampleSky(params, box, seed, bands, bins.loMJy[0]);
  const exp = expectedDnds(params, bands, bins);
  const nb = bins.loMJy.length;
  const logLo = Math.log10(bins.loMJy[0]);
  const perDex = 1 / Math.log10(bins.hiMJy[0] / bins.loMJy[0]);
  const rows: CountsRow[] = [];
  const sr = areaDeg2 * SR_PER_DEG2;
  for (const b of bands) {
    const h = { all: new Float64Array(nb), dusty: new Float64Array(nb), synchrotron: new Float64Array(nb) };
    const f = pop.fluxMJy[b] as Float64Array;
    const sd = pop.syncDominant[b] as Uint8Array;
    for (let i = 0; i < pop.n; i++) {
      const k = Math.floor((Math.log10(f[i]) - logLo) * perDex + 1e-12);
      if (!(k >= 0 && k < nb)) continue;
      if (!(f[i] >= bins.loMJy[k] && f[i] < bins.hiMJy[k])) continue;
      h.all[k]++;
      if (sd[i]) h.synchrotron[k]++;
      else h.dusty[k]++;
    }
    const e = exp.get(b) as Record<CountsPopulation, Float64Array>;
    for (const popName of ['all', 'dusty', 'synchrotron'] as const)
      for (let k = 0; k < nb; k++) {
        const dsJy = (bins.hiMJy[k] - bins.loMJy[k]) / 1000;
        rows.push({
          band: b,
          population: popName,
          sLoMJy: bins.loMJy[k],
          sHiMJy: bins.hiMJy[k],
          areaDeg2,
          nSim: h[popName][k],
          dndsSim: h[popName][k] / (dsJy * sr),
          dndsExpected: e[popName][k],
        });
      }
  }
  return rows;
}
