// Sensitivity of the acceptance quantities of issue 4 to galaxy parameters (docs/validation.md §2–3):
//   node --import tsx bench/model-param-scan.ts [--brief|--json] NAME=VALUE [NAME=VALUE ...] [/ NAME=VALUE ... / ...]
// Each '/'-separated group is one setting (an empty group = the defaults), evaluated in one process;
// --brief prints one line per setting: failing tables (worst excess or within/used), the SPIRE 500 µm
// model/data at 5–20 mJy, the ALESS 4.8 mJy model/data (≤ 3.02 passes), the SPIRE 350 µm margin of
// the point deciding its 80 % rule, the SPT-SZ / SPT-3G any-band fractions and dusty densities, and A3;
// --json prints each setting's ScanResult as one JSON line (for bench/model-param-search.py).
// Per setting it prints:
//  - the count tables that fail (plus SPIRE 350/500, S2CLS and 2 mm always) with within/used points and
//    the model/data range (intrinsic galaxy counts, section 1's criterion);
//  - A2: the dusty density and synchrotron fraction of sources detected in any SPT band at SPT-SZ and
//    SPT-3G depth (noise and S/N threshold of the presets, as bench/model-validation.ts), and the
//    noiseless 150 GHz > 6 mJy fraction;
//  - A3: S_220 > 20 mJy galaxies with z > 0.5 — density, median z, lensed (μ ≥ 2) fraction, and a
//    one-sample Kolmogorov–Smirnov and Anderson–Darling test of the 81 Reuter et al. 2020 redshifts
//    (test/fixtures/reuter2020-spt-dsfg-redshifts.tsv) against the model's z distribution.
import { countAbove, expectedGalaxyCounts, N_S } from '../src/model/expected-counts.js';
import { buildGalaxyModel } from '../src/model/galaxy-model.js';
import { GALAXY_PARAMS } from '../src/model/galaxy-params.js';
import { type Params, parseParamAssignments, resolveParams } from '../src/model/params.js';
import { sptSynchrotronFraction } from '../src/model/spt-fractions.js';
import { oneSampleTests, shellRedshiftCdf } from '../src/science/one-sample-tests.js';
import { at20gRatios, c2exRatios, referenceColumns } from '../test/model/agn-references.js';
import { galaxyCurves } from '../test/model/model-curves.js';
import { evaluateCriterion, referenceTables } from '../test/model/reference-counts.js';
import { reuterRedshifts } from '../test/model/reuter.js';

const SR = (Math.PI / 180) ** 2;

// SPIRE 500 µm single-dish boosts N_blended(>S)/N_intrinsic(>S) measured by bench/model-validation.ts
// --tiles 16 on the session-4 defaults (docs/validation.md §1): clustered positions, and clustered +
// the H-ATLAS DR1 instrumental noise. Held fixed here so that a parameter search can weigh the 500 µm
// table without mapping tiles at every step; the real boosts move with the model, so a point found
// this way must be checked with bench/model-validation.ts.
const BOOST_S_MJY = [10, 20, 30, 40, 50, 60, 100, 200];
const BOOST_CLUSTERED = [0.93, 1.35, 1.54, 1.66, 1.48, 1.14, 1.1, 1.06];
const BOOST_NOISY = [1.86, 3.56, 3.76, 3.72, 2.38, 1.62, 1.2, 1.06];
const SPIRE500_EXTRACT_MJY = 4 * 6.7;
function boostAt(table: number[], s: number): number {
  if (s <= BOOST_S_MJY[0]) return table[0];
  for (let i = 1; i < BOOST_S_MJY.length; i++)
    if (s <= BOOST_S_MJY[i]) {
      const f = Math.log(s / BOOST_S_MJY[i - 1]) / Math.log(BOOST_S_MJY[i] / BOOST_S_MJY[i - 1]);
      return table[i - 1] * (table[i] / table[i - 1]) ** f;
    }
  return table[table.length - 1];
}
/** Acceptance-1 margin of the SPIRE 500 µm table with the fixed boosts (dataset 4 = raw H-ATLAS DR1 counts). */
function spire500BlendedMargin(dnds: (s: number) => number): number {
  const rows = referenceColumns('counts/herschel_spire500_differential_driver2016compilation.csv', [
    'S_mJy',
    'dNdS_per_Jy_per_sr(derived)',
    'err_dNdS(derived)',
    'driver16_col6_dataset',
  ]);
  const dev: number[] = [];
  for (const [s, value, err, dataset] of rows) {
    const relErr = err / value;
    if (!(relErr <= 0.5)) continue;
    const boost = s < SPIRE500_EXTRACT_MJY ? 1 : boostAt(dataset === 4 ? BOOST_NOISY : BOOST_CLUSTERED, s);
    dev.push(Math.abs(Math.log((dnds(s) * boost) / value)) - 2 * relErr);
  }
  dev.sort((x, y) => x - y);
  return Math.min(Math.log(1.5) - dev[Math.ceil(0.8 * dev.length) - 1], Math.log(3) - dev[dev.length - 1]);
}

/** Synchrotron (radio-AGN) any-band detections per deg² at a survey's depth; depends on AGN parameters only. */
const syncCache = new Map<string, number>();
function syncAnyBand(params: Params, survey: string): number {
  const galaxyNames = new Set(GALAXY_PARAMS.map((d) => d.name));
  const key = `${survey}:${JSON.stringify(Object.entries(params).filter(([k]) => !galaxyNames.has(k) || k === 'h' || k === 'omega_m'))}`;
  const hit = syncCache.get(key);
  if (hit !== undefined) return hit;
  // AGN expectation by quadrature, as bench/model-validation.ts (src/model/spt-fractions.ts).
  const sync = sptSynchrotronFraction(params, survey, { perBand: false, includeGalaxies: false }).anyBand
    .synchrotronPerDeg2;
  syncCache.set(key, sync);
  return sync;
}

/**
 * Margins (ln units, > 0 = holds) of the AGN bars of test/model/agn-counts.test.ts that the
 * steep-spectrum spectral levers can move: ×1.5 of the Tucci+2011 C2Ex 148 GHz counts from 10 mJy to
 * 1 Jy (acceptance 2), and ×1.5 of the AT20G N(>S) at 0.1/0.2/0.4/1 Jy (20 GHz).
 */
function agnMargins(params: Params): { c2ex: number; at20g: number } {
  const c2exDev = Math.max(...c2exRatios(params).map((r) => Math.abs(Math.log(r.ratio))));
  const at20gDev = Math.max(...at20gRatios(params).map((r) => Math.abs(Math.log(r.model / r.observed))));
  return { c2ex: Math.log(1.5) - c2exDev, at20g: Math.log(1.5) - at20gDev };
}

export interface ScanResult {
  label: string;
  tables: string[];
  failing: number;
  /** Short names of the failing tables. */
  failNames: string[];
  /** model/data range of the SPIRE 500 µm points at 5–20 mJy (Béthermin+2012 stacking: intrinsic counts). */
  s500Faint: [number, number];
  /** model/data at the faintest ALESS differential point (4.8 mJy; ≤ 3.02 to be within ln 1.5 + 2σ). */
  aless48: number;
  /**
   * SPIRE 350 µm: how far (ln units) the point that decides the 80 % rule lies inside ln 1.5 + 2σ
   * (the (n − ⌈0.8 n⌉ + 1)-th worst point; < 0: the table fails on the count).
   */
  spire350Margin: number;
  /**
   * Per table (file + '-d'/'-c'): how far inside acceptance 1 it is, ln units — the smaller of the
   * distance of its deciding point (the ⌈0.8 n⌉-th best) inside ln 1.5 + 2σ and of its worst point
   * inside ln 3 + 2σ (ln 2 / ln 4 for the loose tables); < 0: the table fails.
   */
  tableMargins: Record<string, number>;
  sz: { dusty: number; frac: number };
  g3: { dusty: number; frac: number };
  sz150Noiseless: number;
  dsfg: { perDeg2: number; median: number; lensedFrac: number; ksP: number; adP: number; ksPcur: number };
}

export function scan(over: Record<string, number>, label: string): ScanResult {
  const params = resolveParams(over);
  const tables = referenceTables();
  const curves = galaxyCurves(params, [...new Set(tables.map((t) => t.band))]);
  const res: string[] = [];
  const failNames: string[] = [];
  let failing = 0;
  const s500Faint: [number, number] = [Number.POSITIVE_INFINITY, 0];
  let aless48 = Number.NaN;
  let spire350Margin = Number.NaN;
  const tableMargins: Record<string, number> = {};
  for (const t of tables) {
    const c = curves.get(t.band) as NonNullable<ReturnType<typeof curves.get>>;
    const f = t.kind === 'differential' ? c.dnds : c.cumulative;
    const r = evaluateCriterion(t, f);
    {
      const [a, b] = t.loose ? [Math.log(2), Math.log(4)] : [Math.log(1.5), Math.log(3)];
      const dev = t.points
        .filter((pt) => pt.relErr <= 0.5)
        .map((pt) => Math.abs(Math.log(f(pt.sMJy) / pt.value)) - 2 * pt.relErr)
        .sort((x, y) => x - y);
      tableMargins[`${t.file}${t.kind === 'differential' ? '-d' : '-c'}`] = Math.min(
        a - dev[Math.ceil(0.8 * dev.length) - 1],
        b - dev[dev.length - 1],
      );
    }
    if (t.band === 'spire500' && t.kind === 'differential')
      tableMargins['spire500-blended-approx'] = spire500BlendedMargin(f);
    if (t.file.includes('aless') && t.kind === 'differential') aless48 = f(t.points[0].sMJy) / t.points[0].value;
    if (t.band === 'spire350') {
      const ex = t.points
        .filter((pt) => pt.relErr <= 0.5)
        .map((pt) => Math.abs(Math.log(f(pt.sMJy) / pt.value)) - 2 * pt.relErr - Math.log(1.5))
        .sort((a, b) => b - a);
      spire350Margin = -ex[ex.length - Math.ceil(0.8 * ex.length)];
    }
    if (t.band === 'spire500')
      for (const pt of t.points)
        if (pt.relErr <= 0.5 && pt.sMJy >= 5 && pt.sMJy <= 20) {
          s500Faint[0] = Math.min(s500Faint[0], f(pt.sMJy) / pt.value);
          s500Faint[1] = Math.max(s500Faint[1], f(pt.sMJy) / pt.value);
        }
    if (!r.pass) {
      failing++;
      const why = r.worstExcess > 0 ? `+${r.worstExcess.toFixed(2)}` : `${r.within}/${r.used}`;
      failNames.push(
        `${t.file.replace(/(_(differential|cumulative))?_[a-z]+20\d\d.*$/, '').replace(/^(herschel_|alma_|scuba2_)/, '')}${t.kind === 'differential' ? '-d' : '-c'}(${why})`,
      );
    }
    if (!r.pass || ['spire350', 'spire500', 'alma2mm', 'scuba850'].includes(t.band))
      res.push(
        `${t.file.slice(0, 22)}:${r.pass ? 'ok' : 'FAIL'}:${r.within}/${r.used}:${Math.min(...r.ratios).toFixed(2)}-${Math.max(...r.ratios).toFixed(2)}`,
      );
  }
  const agn = agnMargins(params);
  tableMargins['agn-c2ex-148GHz'] = agn.c2ex;
  tableMargins['agn-at20g-20GHz'] = agn.at20g;
  // Galaxies at 95/150/220 GHz: per-shell fine counts (joint detection) and per-shell N(>20 mJy) at 220 GHz.
  const gm = buildGalaxyModel(params, ['spt95', 'spt150', 'spt220']);
  const f95 = new Float64Array(gm.nShells * N_S);
  expectedGalaxyCounts(gm, ['spt95'], { perShellFine: { band: 'spt95', out: f95 } });
  const f150 = new Float64Array(gm.nShells * N_S);
  const f220 = new Float64Array(gm.nShells * N_S);
  const all150 = expectedGalaxyCounts(gm, ['spt150'], { perShellFine: { band: 'spt150', out: f150 } });
  const per = new Float64Array(gm.nShells);
  const all220 = expectedGalaxyCounts(gm, ['spt220'], {
    perShellFine: { band: 'spt220', out: f220 },
    perShell: { band: 'spt220', sMinMJy: 20, out: per },
  });
  const galaxyFine = { nShells: gm.nShells, spt95: f95, spt150: f150, spt220: f220 };
  const anyBand = (survey: string) => {
    const dd = sptSynchrotronFraction(params, survey, { perBand: false, includeAgn: false, inputs: { galaxyFine } })
      .anyBand.dustyPerDeg2;
    const sd = syncAnyBand(params, survey);
    return { dusty: dd, frac: sd / (sd + dd) };
  };
  // Noiseless 150 GHz > 6 mJy: galaxies from the fine counts, AGN are not recomputed here (see the
  // any-band numbers for the synchrotron side).
  const sz150Noiseless = countAbove(all150.get('spt150') as never, 6) * SR;
  // Piecewise-linear CDF in z over shells with z ≥ 0.5.
  const { cdf, total: tot, median } = shellRedshiftCdf(gm.zLo, gm.zHi, per, 0.5);
  const lensed = expectedGalaxyCounts(gm, ['spt220'], { muMin: 2 });
  const lensedFrac = countAbove(lensed.get('spt220') as never, 20) / countAbove(all220.get('spt220') as never, 20);
  const tPaper = oneSampleTests(reuterRedshifts(false), cdf);
  const tCur = oneSampleTests(reuterRedshifts(true), cdf);
  return {
    label,
    tables: res,
    failing,
    failNames,
    s500Faint,
    aless48,
    spire350Margin,
    tableMargins,
    sz: anyBand('spt-sz'),
    g3: anyBand('spt3g'),
    sz150Noiseless,
    dsfg: { perDeg2: tot * SR, median, lensedFrac, ksP: tPaper.ksP, adP: tPaper.adP, ksPcur: tCur.ksP },
  };
}

function formatBrief(r: ScanResult): string {
  const pct = (x: number) => (100 * x).toFixed(2);
  return `${r.label.padEnd(60)} | fail ${r.failNames.join(',') || '-'} | 500bl ${r.tableMargins['spire500-blended-approx'].toFixed(3)} c2ex ${r.tableMargins['agn-c2ex-148GHz'].toFixed(3)} at20g ${r.tableMargins['agn-at20g-20GHz'].toFixed(3)} | 500@5-20 ${r.s500Faint[0].toFixed(2)}-${r.s500Faint[1].toFixed(2)} ALESS4.8 ${r.aless48.toFixed(3)} 350margin ${r.spire350Margin.toFixed(3)} | SZ ${pct(r.sz.frac)}% (${r.sz.dusty.toFixed(3)}) | 3G ${pct(r.g3.frac)}% (${r.g3.dusty.toFixed(2)}) | zmed ${r.dsfg.median.toFixed(2)} KS ${r.dsfg.ksP.toFixed(3)} AD ${r.dsfg.adP.toFixed(3)} | lensed ${pct(r.dsfg.lensedFrac)}%`;
}

function format(r: ScanResult): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return [
    `${r.label}  [${r.failing} failing] ${r.tables.join(' ')}`,
    `  A2 any-band: SZ sync ${pct(r.sz.frac)} dusty ${r.sz.dusty.toFixed(3)}/deg2 | 3G sync ${pct(r.g3.frac)} dusty ${r.g3.dusty.toFixed(3)}/deg2 | galaxies 150>6 mJy ${r.sz150Noiseless.toFixed(3)}/deg2`,
    `  A3 S220>20, z>0.5: ${r.dsfg.perDeg2.toFixed(3)}/deg2 median z ${r.dsfg.median.toFixed(2)} lensed ${pct(r.dsfg.lensedFrac)} | vs Reuter+20: KS p ${r.dsfg.ksP.toFixed(3)} AD p ${r.dsfg.adP.toFixed(3)} (KS p, current z of SPT0452-50: ${r.dsfg.ksPcur.toFixed(3)})`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const brief = process.argv.includes('--brief');
  const json = process.argv.includes('--json');
  const groups: string[][] = [[]];
  for (const a of process.argv.slice(2)) {
    if (a === '--brief' || a === '--json') continue;
    if (a === '/') groups.push([]);
    else groups[groups.length - 1].push(a);
  }
  for (const g of groups) {
    const t0 = process.cpuUsage();
    const r = scan(parseParamAssignments(g), g.join(' ') || 'defaults');
    const cpu = process.cpuUsage(t0);
    if (json) console.log(JSON.stringify(r));
    else if (brief) console.log(formatBrief(r));
    else console.log(`${format(r)}\n  (${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s)`);
  }
}
