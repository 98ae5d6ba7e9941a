/**
 * `simulate`: a mock sky over an RA/Dec box (galaxies + radio-loud AGN above a flux floor), observed
 * by each requested survey. Returns the survey catalogues and the truth table, in which
 * `det_<survey>` holds the id of the detection each truth row produced (−1 if none).
 */

import { UserError } from '../errors.js';
import { boxForArea, type SkyBox } from '../sky/area.js';
import { type Column, column } from '../table/column.js';
import { Table } from '../table/table.js';
import { sampleRadioAgn } from './agn/sample.js';
import { BAND_NAMES, type Band } from './bands.js';
import { ClusteredSky } from './clustering.js';
import { sampleDetectableGalaxies } from './detectable.js';
import { buildGalaxyModel } from './galaxy-model.js';
import { observe } from './instruments/observe.js';
import { getSurveyPreset } from './instruments/presets.js';
import { type SurveyPreset, totalNoiseMJy } from './instruments/survey.js';
import type { Params } from './params.js';
import { concatPopulations, KIND_NAMES, type Population } from './population.js';
import { sampleGalaxies } from './sample-galaxies.js';

export interface SimulateConfig {
  areaDeg2: number;
  centerRaDeg: number;
  centerDecDeg: number;
  surveys: readonly string[];
  params: Params;
  /** Truth keeps sources brighter than floorSigma × the lowest survey noise in some survey band. */
  floorSigma?: number;
  /**
   * Draw only galaxies that can reach a truth floor (detectable.ts): for wide, shallow skies. The
   * truth then holds the same population of sources above the floors, from other random draws.
   */
  detectableOnly?: boolean;
  /**
   * Clustered galaxy positions (clustering.ts: lognormal field, Tinker 2010 halo bias) instead of
   * Poisson ones; not with detectableOnly. AGN positions stay Poisson.
   */
  clustering?: boolean;
}

export interface SimulateResult {
  box: SkyBox;
  catalogues: Map<string, Table>;
  truth: Table;
}

/** Per band, the truth floor: floorSigma × the smallest 1σ noise among the surveys that observe it. */
export function truthFloors(surveys: readonly SurveyPreset[], floorSigma: number): Partial<Record<Band, number>> {
  const floors: Partial<Record<Band, number>> = {};
  for (const s of surveys)
    for (const b of s.bands) {
      const f = floorSigma * totalNoiseMJy(b);
      floors[b.band] = Math.min(floors[b.band] ?? Number.POSITIVE_INFINITY, f);
    }
  return floors;
}

/**
 * Simulates the sky and every survey. Deterministic for a given config and seed.
 *
 * @example const { truth, catalogues } = simulate({ areaDeg2: 1, centerRaDeg: 30, centerDecDeg: -55, surveys: ['spt3g'], params: resolveParams() }, 1);
 */
export function simulate(config: SimulateConfig, seed: number): SimulateResult {
  const surveys = config.surveys.map(getSurveyPreset);
  const box = boxForArea(config.centerRaDeg, config.centerDecDeg, config.areaDeg2);
  const floors = truthFloors(surveys, config.floorSigma ?? 1);
  const bands = BAND_NAMES;
  const model = buildGalaxyModel(config.params, bands);
  if (config.clustering && config.detectableOnly)
    throw new UserError(
      'clustering with detectableOnly: the detectable-only sampler draws Poisson positions; drop one',
    );
  const gal = config.detectableOnly
    ? sampleDetectableGalaxies(model, box, seed, bands, floors)
    : sampleGalaxies(model, box, seed, bands, floors, config.clustering ? new ClusteredSky(model, seed) : undefined);
  const agn = sampleRadioAgn(config.params, box, seed, floors, bands);
  const truthPop = concatPopulations([gal, agn], bands);
  const catalogues = new Map<string, Table>();
  const detCols: Column[] = [];
  for (const s of surveys) {
    const obs = observe(truthPop, s, seed, { skyAreaDeg2: config.areaDeg2 });
    catalogues.set(s.name, obs.catalogue);
    detCols.push(
      column(`det_${s.name.replace(/[^A-Za-z0-9_]/g, '_')}`, obs.truthDetectionId, {
        description: `id of the ${s.name} detection of this source, -1 if undetected`,
      }),
    );
  }
  return { box, catalogues, truth: truthTable(truthPop, bands, detCols, config.areaDeg2) };
}

function truthTable(p: Population, bands: readonly Band[], detCols: Column[], areaDeg2: number): Table {
  const id = new Int32Array(p.n);
  for (let i = 0; i < p.n; i++) id[i] = i;
  const kindName = Array.from(p.kind, (k) => KIND_NAMES[k] ?? 'unknown');
  const cols: Column[] = [
    column('id', id, { description: 'truth row id' }),
    column('ra', p.raDeg, { unit: 'deg', description: 'true right ascension (ICRS)' }),
    column('dec', p.decDeg, { unit: 'deg', description: 'true declination (ICRS)' }),
    column('z', p.z, { description: 'redshift' }),
    column('kind', p.kind, {
      description:
        'source kind code: 1 star-forming, 2 starburst, 3 quiescent, 10 FSRQ, 11 BL Lac, 12 steep-spectrum AGN',
    }),
    column('kind_name', kindName, { description: 'source kind' }),
    column('mu', p.mu, { description: 'lensing magnification' }),
  ];
  if (p.logMstar)
    cols.push(column('log_mstar', p.logMstar, { unit: 'log10(Msun)', description: 'stellar mass (NaN for AGN)' }));
  if (p.sfr) cols.push(column('sfr', p.sfr, { unit: 'Msun/yr', description: 'star-formation rate (NaN for AGN)' }));
  for (const b of bands) {
    cols.push(
      column(`S_${b}`, p.fluxMJy[b] as Float64Array, {
        unit: 'mJy',
        description: `true observed-frame flux density (lensed), ${b}`,
      }),
    );
    cols.push(
      column(`sync_${b}`, p.syncDominant[b] as Uint8Array, {
        description: `1 if synchrotron/free-free dominates ${b}, 0 if dust`,
      }),
    );
  }
  cols.push(...detCols);
  return new Table(cols, { name: 'truth', skyAreaDeg2: areaDeg2, description: 'mmassoc simulate truth table' });
}
