// Model/reference ratios of the radio-AGN bars that both test/model/agn-counts.test.ts and
// bench/model-param-scan.ts (parameter search margins) evaluate.
import { readFileSync } from 'node:fs';
import { agnExpectedDndsAtFrequency } from '../../src/model/agn/expected.js';

const REF = new URL('../../../shared/reference/', import.meta.url);

/** Numeric columns `cols` of a reference CSV (the trailing `reference` column may hold commas). */
export function referenceColumns(rel: string, cols: readonly string[]): number[][] {
  const [head, ...rows] = readFileSync(new URL(rel, REF), 'utf8').trim().split('\n');
  const h = head.split(',');
  const idx = cols.map((c) => {
    const i = h.indexOf(c);
    if (i < 0) throw new Error(`${rel}: no column ${c}`);
    return i;
  });
  return rows.map((r) => {
    const v = r.split(',');
    return idx.map((i) => Number(v[i]));
  });
}

/** Model / Tucci+2011 C2Ex dN/dS at 148 GHz from 10 mJy to 1 Jy (issue 4 acceptance 2), per table row. */
export function c2exRatios(params: Readonly<Record<string, number>>): { sMJy: number; ratio: number }[] {
  const rows = referenceColumns('counts/models/radio_tucci2011_C2Ex_model_148GHz.csv', [
    'S_mJy',
    'dNdS_per_Jy_per_sr',
  ]).filter(([s]) => s >= 10 && s <= 1000);
  const m = agnExpectedDndsAtFrequency(
    params,
    148,
    Float64Array.from(rows, (r) => r[0]),
  ).total;
  return rows.map(([s, d], i) => ({ sMJy: s, ratio: m[i] / d }));
}

/**
 * Model / AT20G (Murphy+2010) N(>S) at 20 GHz at 0.1, 0.2, 0.4 and 1 Jy: the whole sky at Dec < 0
 * outside |b| < 1.5°, ≈ 20,086 deg² (2π sr minus the Galactic strip); complete to ~90 % above 100 mJy.
 */
export function at20gRatios(
  params: Readonly<Record<string, number>>,
): { cutMJy: number; model: number; observed: number }[] {
  const s20 = referenceColumns('catalogs/at20g_murphy2010.csv', ['S20'])
    .map((r) => r[0])
    .filter(Number.isFinite);
  const areaSr = 20086 * (Math.PI / 180) ** 2;
  const h = 0.025; // dex
  const grid = Float64Array.from({ length: 160 }, (_, i) => 10 ** (1.5 + (i + 0.5) * h));
  const d = agnExpectedDndsAtFrequency(params, 20, grid).total;
  return [100, 200, 400, 1000].map((cut) => {
    let e = 0;
    for (let i = 0; i < grid.length; i++) if (grid[i] >= cut) e += d[i] * grid[i] * 1e-3 * Math.LN10 * h;
    return { cutMJy: cut, model: e * areaSr, observed: s20.filter((v) => v >= cut).length };
  });
}
