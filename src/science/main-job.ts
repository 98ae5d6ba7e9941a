/**
 * The main job (`mmassoc run`): simulate a sky with the SPT-3G, SPIRE, WISE and EMU presets, write
 * the catalogues and the truth, associate the SPT catalogue with the others, score the association
 * against the truth, and draw the counts against published data.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalogInput, parseCatalogSpec } from '../assoc/catalog-spec.js';
import { associate } from '../assoc/engine.js';
import { UserError } from '../errors.js';
import { writeFileAtomicSync } from '../io/atomic.js';
import { writeTable } from '../io/index.js';
import type { Band } from '../model/bands.js';
import { getSurveyPreset } from '../model/instruments/presets.js';
import { resolveParams } from '../model/params.js';
import { simulate, truthFloors } from '../model/simulate.js';
import { countsVersusDataSvgs } from '../report/counts-vs-data.js';
import { svgPlot } from '../report/svg-plot.js';
import type { Table } from '../table/table.js';
import { type CatalogueScore, scoreAssociations } from './score.js';

export interface MainJobOptions {
  areaDeg2: number;
  seed: number;
  outDir: string;
  surveys?: string[];
  centerRaDeg?: number;
  centerDecDeg?: number;
  radiusArcsec?: number;
  params?: Record<string, number>;
  /** Clustered galaxy positions (simulate.ts SimulateConfig.clustering). */
  clustering?: boolean;
  /** Step-level progress (done, total) and one-line log messages. */
  onProgress?: (done: number, total: number) => void;
  log?: (message: string) => void;
}

export interface MainJobSummary {
  areaDeg2: number;
  seed: number;
  detections: Record<string, number>;
  truthSources: number;
  radiusArcsec: number;
  associationRows: number;
  /** Scores per secondary catalogue at p_any ≥ 0.5 and the whole curves. */
  scores: CatalogueScore[];
  files: string[];
  seconds: Record<string, number>;
}

export const DEFAULT_SURVEYS = ['spt3g', 'spire', 'wise', 'emu'];

/** For each detection of a survey, the truth row it came from (−1 if none), from truth's det_<survey>. */
export function detectionTruthIndex(truth: Table, survey: string, nDetections: number): Int32Array {
  const out = new Int32Array(nDetections).fill(-1);
  const det = truth.float64(`det_${survey.replace(/[^A-Za-z0-9_]/g, '_')}`);
  for (let t = 0; t < det.length; t++) {
    const d = det[t];
    if (d >= 0 && d < nDetections) out[d] = t;
  }
  return out;
}

export async function runMainJob(opts: MainJobOptions): Promise<MainJobSummary> {
  const log = opts.log ?? (() => {});
  const surveys = opts.surveys ?? DEFAULT_SURVEYS;
  if (!surveys.some((s) => s.startsWith('spt')))
    throw new UserError(`run: the survey list (${surveys.join(',')}) needs an SPT survey as the primary, e.g. spt3g`);
  const steps = 6;
  const tick = (k: number) => opts.onProgress?.(k, steps);
  const seconds: Record<string, number> = {};
  const time = async <T>(label: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    seconds[label] = (performance.now() - t0) / 1000;
    return r;
  };
  mkdirSync(opts.outDir, { recursive: true });
  const params = resolveParams(opts.params ?? {});
  tick(0);

  // 1. Simulate.
  const config = {
    areaDeg2: opts.areaDeg2,
    centerRaDeg: opts.centerRaDeg ?? 30,
    centerDecDeg: opts.centerDecDeg ?? -55,
    surveys,
    params,
    floorSigma: 1,
    clustering: opts.clustering === true,
  };
  const sim = await time('simulate', () => simulate(config, opts.seed));
  tick(1);
  const files: string[] = [];
  await time('write', async () => {
    for (const [name, table] of sim.catalogues) {
      const path = join(opts.outDir, `${name}.fits`);
      await writeTable(path, table);
      files.push(path);
    }
    const truthPath = join(opts.outDir, 'truth.fits');
    await writeTable(truthPath, sim.truth);
    files.push(truthPath);
    const cfgPath = join(opts.outDir, 'config.json');
    writeFileAtomicSync(
      cfgPath,
      `${JSON.stringify({ tool: 'mmassoc', command: 'run', seed: opts.seed, ...config, box: sim.box }, null, 2)}\n`,
    );
    files.push(cfgPath);
  });
  const detections: Record<string, number> = {};
  for (const [name, t] of sim.catalogues) detections[name] = t.nrows;
  log(
    `simulated ${opts.areaDeg2} deg²: ${sim.truth.nrows} truth sources; detections ${Object.entries(detections)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  tick(2);

  // 2. Associate the SPT catalogue (primary) with every other survey.
  const primaryName = surveys.find((s) => s.startsWith('spt')) as string;
  const order = [primaryName, ...surveys.filter((s) => s !== primaryName)];
  const built = order.map((name) => {
    const table = sim.catalogues.get(name) as Table;
    return buildCatalogInput(
      parseCatalogSpec(`${name}.fits:name=${name.replace(/[^A-Za-z0-9_]/g, '_')}:ra=ra:dec=dec:err=pos_err_arcsec`),
      table,
      undefined,
    );
  });
  const radiusArcsec = opts.radiusArcsec ?? defaultRadius(built.map((b) => b.input.errors.varEastArcsec2));
  const result = await time('associate', () =>
    associate(
      built.map((b) => b.input),
      { radiusArcsec, priorCompleteness: 0.9 },
    ),
  );
  const matchPath = join(opts.outDir, 'match.fits');
  await writeTable(
    matchPath,
    result.toTable().withMeta({ name: 'MATCH', keywords: { RADIUS: radiusArcsec, TABLES: order.join(',') } }),
  );
  files.push(matchPath);
  log(`associated ${primaryName} with ${order.slice(1).join(', ')} within ${radiusArcsec}″: ${result.nrows} rows`);
  tick(3);

  // 3. Score against the truth.
  const primaryTruth = detectionTruthIndex(sim.truth, primaryName, detections[primaryName]);
  const secondaryTruth = order.slice(1).map((s) => detectionTruthIndex(sim.truth, s, detections[s]));
  const scores = scoreAssociations({ result, primaryTruth, secondaryTruth, names: order });
  const scoresPath = join(opts.outDir, 'scores.json');
  writeFileAtomicSync(scoresPath, `${JSON.stringify({ radiusArcsec, primary: primaryName, scores }, null, 2)}\n`);
  files.push(scoresPath);
  tick(4);

  // 4. Plots: counts versus data, and completeness/purity against the p_any threshold.
  // The truth is complete only above each observed band's floor: plot the simulated counts there.
  const floors = truthFloors(surveys.map(getSurveyPreset), config.floorSigma);
  const fluxMJy: Partial<Record<Band, ArrayLike<number>>> = {};
  for (const b of Object.keys(floors) as Band[]) if (sim.truth.has(`S_${b}`)) fluxMJy[b] = sim.truth.float64(`S_${b}`);
  const plots = await time('plots', () =>
    countsVersusDataSvgs(params, { fluxMJy, floorMJy: floors, areaDeg2: opts.areaDeg2 }),
  );
  const svgFiles: string[] = [];
  for (const p of plots) {
    const path = join(opts.outDir, `counts_${p.band}.svg`);
    writeFileAtomicSync(path, p.svg);
    svgFiles.push(path);
  }
  const scorePath = join(opts.outDir, 'scores.svg');
  writeFileAtomicSync(scorePath, scoresSvg(scores));
  svgFiles.push(scorePath);
  files.push(...svgFiles);
  tick(5);

  const summary: MainJobSummary = {
    areaDeg2: opts.areaDeg2,
    seed: opts.seed,
    detections,
    truthSources: sim.truth.nrows,
    radiusArcsec,
    associationRows: result.nrows,
    scores,
    files,
    seconds,
  };
  const htmlPath = join(opts.outDir, 'report.html');
  writeFileAtomicSync(
    htmlPath,
    reportHtml(
      summary,
      plots.map((p) => p.svg),
      scoresSvg(scores),
    ),
  );
  files.push(htmlPath);
  tick(6);
  return summary;
}

/** 5× the combined 99th-percentile 1-σ errors of the catalogues (the `match` default). */
function defaultRadius(variances: Float64Array[]): number {
  let sum = 0;
  for (const v of variances) {
    const sorted = Float64Array.from(v).sort();
    if (sorted.length > 0) sum += sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))];
  }
  return Math.ceil(5 * Math.sqrt(sum));
}

function scoresSvg(scores: CatalogueScore[]): string {
  return svgPlot({
    title: 'Association against truth: completeness (solid) and purity (dashed) vs p_any cut',
    xLabel: 'p_any threshold',
    yLabel: 'fraction',
    logX: false,
    logY: false,
    yRange: [0, 1.02],
    xRange: [0, 1],
    series: scores.flatMap((s) => [
      {
        label: `${s.catalogue} completeness`,
        x: s.thresholds,
        y: s.completeness.map((v) => (Number.isNaN(v) ? 0 : v)),
        style: 'line' as const,
      },
      {
        label: `${s.catalogue} purity`,
        x: s.thresholds,
        y: s.purity.map((v) => (Number.isNaN(v) ? 1 : v)),
        style: 'line' as const,
        dashed: true,
      },
    ]),
  });
}

/** The score at a threshold of 0.5 (the usual NWAY-style cut), for the summary. */
export function scoreAt(s: CatalogueScore, threshold = 0.5): { completeness: number; purity: number } {
  let k = s.thresholds.findIndex((t) => t >= threshold - 1e-12);
  if (k < 0) k = s.thresholds.length - 1;
  return { completeness: s.completeness[k], purity: s.purity[k] };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function reportHtml(summary: MainJobSummary, countSvgs: string[], scoreSvg: string): string {
  const rows = summary.scores
    .map((s) => {
      const a = scoreAt(s);
      return `<tr><td>${esc(s.catalogue)}</td><td>${s.withTrueCounterpart}</td><td>${s.trueCounterpartInCandidates}</td><td>${a.completeness.toFixed(3)}</td><td>${a.purity.toFixed(3)}</td></tr>`;
    })
    .join('\n');
  const det = Object.entries(summary.detections)
    .map(([k, v]) => `<li>${esc(k)}: ${v} detections</li>`)
    .join('');
  const strip = (svg: string) => svg.replace(/^<\?xml[^>]*>\s*/, '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mmassoc run — ${summary.areaDeg2} deg², seed ${summary.seed}</title>
<style>body{font-family:sans-serif;max-width:1400px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}figure{display:inline-block;margin:0.5em}</style></head>
<body><h1>mmassoc run</h1>
<p>${summary.areaDeg2} deg² simulated (seed ${summary.seed}), ${summary.truthSources} truth sources.</p><ul>${det}</ul>
<h2>Association of the SPT catalogue against the truth (radius ${summary.radiusArcsec}″, p_any ≥ 0.5)</h2>
<table><tr><th>catalogue</th><th>SPT sources with a detected true counterpart</th><th>of which within the radius</th><th>completeness</th><th>purity</th></tr>
${rows}</table>
<figure>${strip(scoreSvg)}</figure>
<h2>Number counts: model, simulated sky and published data</h2>
${countSvgs.map((s) => `<figure>${strip(s)}</figure>`).join('\n')}
</body></html>
`;
}
