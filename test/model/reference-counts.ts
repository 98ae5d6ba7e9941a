// Reader of the observed count tables in ../shared/reference/counts/ and the acceptance-1 criterion of
// issue 4, shared by test/model/model-counts.test.ts and bench/model-validation.ts.
import { readFileSync } from 'node:fs';
import type { Band } from '../../src/model/bands.js';

export const REFERENCE_COUNTS = new URL('../../../shared/reference/counts/', import.meta.url);
const DEG2_PER_SR = 3282.806350011744;

export interface RefPoint {
  sMJy: number;
  /** dN/dS (Jy⁻¹ sr⁻¹) for differential tables, N(>S) (sr⁻¹) for cumulative ones. */
  value: number;
  relErr: number;
}

export interface RefTable {
  band: Band;
  file: string;
  label: string;
  kind: 'differential' | 'cumulative';
  /** Criterion thresholds (ln 1.5 / ln 3, or ln 2 / ln 4 for 1.2 mm and 22/24 µm). */
  loose: boolean;
  points: RefPoint[];
}

function rows(file: string): { hdr: string[]; data: string[][] } {
  const lines = readFileSync(new URL(file, REFERENCE_COUNTS), 'utf8').trim().split('\n');
  // The reference column is last and may contain quoted commas: keep only leading numeric fields.
  return { hdr: lines[0].split(','), data: lines.slice(1).map((l) => l.split(',')) };
}

function table(
  band: Band,
  file: string,
  label: string,
  kind: RefTable['kind'],
  loose: boolean,
  pick: (col: (name: string) => number, row: string[]) => RefPoint | undefined,
): RefTable {
  const { hdr, data } = rows(file);
  const points: RefPoint[] = [];
  for (const r of data) {
    const col = (name: string) => {
      const i = hdr.indexOf(name);
      if (i < 0) throw new Error(`${file}: no column ${name}`);
      return Number(r[i]);
    };
    const p = pick(col, r);
    if (p && p.value > 0 && Number.isFinite(p.relErr)) points.push(p);
  }
  return { band, file, label, kind, loose, points };
}

const driver = (band: Band, file: string, label: string, loose = false) =>
  table(band, file, label, 'differential', loose, (c) => ({
    sMJy: c('S_mJy'),
    value: c('dNdS_per_Jy_per_sr(derived)'),
    relErr: c('err_dNdS(derived)') / c('dNdS_per_Jy_per_sr(derived)'),
  }));

/** Every observational table of acceptance 1 (the 1.4 GHz Hopkins fit is handled separately: it is a fit, without errors). */
export function referenceTables(): RefTable[] {
  return [
    driver(
      'spire250',
      'herschel_spire250_differential_driver2016compilation.csv',
      'SPIRE 250 µm (Driver+16 compilation)',
    ),
    driver(
      'spire350',
      'herschel_spire350_differential_driver2016compilation.csv',
      'SPIRE 350 µm (Driver+16 compilation)',
    ),
    driver(
      'spire500',
      'herschel_spire500_differential_driver2016compilation.csv',
      'SPIRE 500 µm (Driver+16 compilation)',
    ),
    driver('pacs100', 'herschel_pacs100_differential_driver2016compilation.csv', 'PACS 100 µm (Driver+16 compilation)'),
    driver('pacs160', 'herschel_pacs160_differential_driver2016compilation.csv', 'PACS 160 µm (Driver+16 compilation)'),
    driver(
      'mips24',
      'spitzer_mips24_differential_driver2016compilation.csv',
      'MIPS 24 µm (Driver+16 compilation)',
      true,
    ),
    driver(
      'wise_w4',
      'wise_w4_22um_differential_driver2016compilation.csv',
      'WISE W4 22 µm (Driver+16 compilation)',
      true,
    ),
    table(
      'scuba850',
      'scuba2_850um_differential_geach2017.csv',
      'SCUBA-2 850 µm differential (Geach+17)',
      'differential',
      false,
      (c) => ({
        sMJy: c('S_mJy'),
        value: c('dNdS_per_mJy_per_deg2') * 1000 * DEG2_PER_SR,
        relErr: c('bootstrap_err') / c('dNdS_per_mJy_per_deg2'),
      }),
    ),
    table(
      'scuba850',
      'scuba2_850um_cumulative_geach2017.csv',
      'SCUBA-2 850 µm cumulative (Geach+17)',
      'cumulative',
      false,
      (c) => ({
        sMJy: c('S_mJy'),
        value: c('N_gt_S_per_deg2') * DEG2_PER_SR,
        relErr: c('err_std') / c('N_gt_S_per_deg2'),
      }),
    ),
    table(
      'laboca870',
      'alma_870um_aless_karim2013.csv',
      'ALMA 870 µm ALESS differential (Karim+13)',
      'differential',
      false,
      (c) => ({
        sMJy: c('S_diff_mJy'),
        value: c('dNdS_per_mJy_per_deg2') * 1000 * DEG2_PER_SR,
        relErr: c('err_up') / c('dNdS_per_mJy_per_deg2'),
      }),
    ),
    table(
      'laboca870',
      'alma_870um_aless_karim2013.csv',
      'ALMA 870 µm ALESS cumulative (Karim+13)',
      'cumulative',
      false,
      (c) => ({
        sMJy: c('S_cum_mJy'),
        value: c('N_gt_S_per_deg2') * DEG2_PER_SR,
        relErr: c('cum_err_up') / c('N_gt_S_per_deg2'),
      }),
    ),
    table(
      'laboca870',
      'alma_850um_cumulative_bethermin2020_alpine.csv',
      'ALMA ~850 µm ALPINE (Béthermin+20)',
      'cumulative',
      false,
      (c) => ({
        sMJy: c('S_mJy'),
        value: c('N_gt_S_all_per_deg2') * DEG2_PER_SR,
        relErr: (0.5 * (c('err_up_all') + c('err_dn_all'))) / c('N_gt_S_all_per_deg2'),
      }),
    ),
    table(
      'alma1p2mm',
      'alma_1p2mm_cumulative_fujimoto2016.csv',
      'ALMA 1.2 mm (Fujimoto+16)',
      'cumulative',
      true,
      (c) => ({
        sMJy: c('S_mJy'),
        value: c('N_gt_S_per_deg2') * DEG2_PER_SR,
        relErr: 0.5 * (c('err_lo_dex') + c('err_hi_dex')) * Math.LN10,
      }),
    ),
    table(
      'alma1p2mm',
      'alma_1p2mm_cumulative_gonzalezlopez.csv',
      'ALMA 1.2 mm ASPECS (González-López+20)',
      'cumulative',
      true,
      (c) => ({
        sMJy: c('S_mJy'),
        value: c('N_ge_S_per_deg2') * DEG2_PER_SR,
        relErr: c('err_per_deg2') / c('N_ge_S_per_deg2'),
      }),
    ),
    table(
      'alma1p2mm',
      'alma_1p2mm_cumulative_hatsukade2018.csv',
      'ALMA 1.2 mm (Hatsukade+18)',
      'cumulative',
      true,
      (c) => ({
        sMJy: c('S_mJy'),
        value: c('N_gt_S_per_deg2') * DEG2_PER_SR,
        relErr: (0.5 * (c('err1_per_deg2_(likely_upper)') + c('err2_per_deg2_(likely_lower)'))) / c('N_gt_S_per_deg2'),
      }),
    ),
    table(
      'alma1p2mm',
      'alma_1p2mm_cumulative_umehata2017.csv',
      'ALMA 1.1/1.2 mm SSA22 (Umehata+17)',
      'cumulative',
      true,
      (c) => ({
        sMJy: c('S_mJy'),
        value: c('N_gt_S_per_deg2') * DEG2_PER_SR,
        relErr: (0.5 * (c('err_up_per_deg2') + c('err_dn_per_deg2'))) / c('N_gt_S_per_deg2'),
      }),
    ),
    table(
      'alma2mm',
      'alma_2mm_cumulative_magnelli2019.csv',
      'ALMA 2 mm ASPECS corrected (Magnelli+19)',
      'cumulative',
      false,
      (c, r) =>
        r.includes('corrected')
          ? {
              sMJy: c('S_mJy'),
              value: c('N_gt_S_per_deg2') * DEG2_PER_SR,
              relErr: c('err_per_deg2') / c('N_gt_S_per_deg2'),
            }
          : undefined,
    ),
  ];
}

export interface CriterionResult {
  used: number;
  within: number;
  worstExcess: number;
  pass: boolean;
  /** model / data per used point. */
  ratios: number[];
}

/**
 * Acceptance 1 of issue 4: ignoring points with relative error > 0.5, at ≥ 80 % of points
 * |ln(model/data)| ≤ ln 1.5 + 2σ and nowhere > ln 3 + 2σ (ln 2 / ln 4 when `loose`).
 */
export function evaluateCriterion(t: RefTable, model: (sMJy: number) => number): CriterionResult {
  const [a, b] = t.loose ? [Math.log(2), Math.log(4)] : [Math.log(1.5), Math.log(3)];
  let used = 0;
  let within = 0;
  let worst = Number.NEGATIVE_INFINITY;
  const ratios: number[] = [];
  for (const p of t.points) {
    if (p.relErr > 0.5) continue;
    used++;
    const r = model(p.sMJy) / p.value;
    ratios.push(r);
    const dev = Math.abs(Math.log(r)) - 2 * p.relErr;
    if (dev <= a) within++;
    worst = Math.max(worst, dev - b);
  }
  return { used, within, worstExcess: worst, pass: used > 0 && within >= 0.8 * used && worst <= 0, ratios };
}
