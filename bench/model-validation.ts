// Regenerates the validation numbers and plots of docs/validation.md (issue 4 acceptance 1–3):
//   node --import tsx bench/model-validation.ts
// Writes docs/img/counts-*.svg and prints a markdown summary.
import { readFileSync, writeFileSync } from 'node:fs';
import { BANDS, type Band } from '../src/model/bands.js';
import { expectedDnds } from '../src/model/counts.js';
import { countAbove, expectedGalaxyCounts } from '../src/model/expected-counts.js';
import { buildGalaxyModel } from '../src/model/galaxy-model.js';
import { resolveParams } from '../src/model/params.js';
import { svgPlot } from '../src/report/svg-plot.js';
import { galaxyCurves } from '../test/model/model-curves.js';
import { evaluateCriterion, REFERENCE_COUNTS, referenceTables } from '../test/model/reference-counts.js';

const params = resolveParams();
const img = new URL('../docs/img/', import.meta.url);
const SR = (Math.PI / 180) ** 2;
const lines: string[] = [];

// Acceptance 1.
const tables = referenceTables();
const bands = [...new Set(tables.map((t) => t.band))];
const curves = galaxyCurves(params, bands);
lines.push(
  '| table | band | points used | within | worst excess over ln3(ln4)+2σ | result | model/data range |',
  '|---|---|---|---|---|---|---|',
);
tables.forEach((t, k) => {
  const c = curves.get(t.band);
  if (!c) return;
  const f = t.kind === 'differential' ? c.dnds : c.cumulative;
  const r = evaluateCriterion(t, f);
  const lo = Math.min(...r.ratios);
  const hi = Math.max(...r.ratios);
  lines.push(
    `| ${t.label} | ${t.band} | ${r.used} | ${r.within} | ${r.worstExcess.toFixed(2)} | ${r.pass ? 'pass' : '**fail**'} | ${lo.toFixed(2)}–${hi.toFixed(2)} |`,
  );
  const used = t.points.filter((p) => p.relErr <= 0.5);
  const smin = Math.min(...used.map((p) => p.sMJy)) / 2;
  const smax = Math.max(...used.map((p) => p.sMJy)) * 2;
  const xs = Array.from({ length: 60 }, (_, i) => smin * (smax / smin) ** (i / 59));
  const eu = (s: number, v: number) => (t.kind === 'differential' ? v * (s / 1000) ** 2.5 : v / 3282.8);
  const name = `counts-${k.toString().padStart(2, '0')}-${t.band}.svg`;
  writeFileSync(
    new URL(name, img),
    svgPlot({
      title: t.label,
      xLabel: `S (${t.band}) [mJy]`,
      yLabel: t.kind === 'differential' ? 'S^2.5 dN/dS [Jy^1.5 sr^-1]' : 'N(>S) [deg^-2]',
      series: [
        {
          label: 'data',
          x: used.map((p) => p.sMJy),
          y: used.map((p) => eu(p.sMJy, p.value)),
          yLo: used.map((p) => eu(p.sMJy, p.value * (1 - p.relErr))),
          yHi: used.map((p) => eu(p.sMJy, p.value * (1 + p.relErr))),
        },
        { label: 'model (galaxies)', x: xs, y: xs.map((s) => eu(s, f(s))), style: 'line' },
      ],
    }),
  );
  lines.push(`|  | ![](img/${name}) | | | | | |`);
});

// 1.4 GHz vs the Hopkins+03 fit (galaxies + AGN).
{
  const rows = readFileSync(new URL('radio_1p4GHz_euclidean_hopkins2003_fit.csv', REFERENCE_COUNTS), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const bins = {
    loMJy: Float64Array.from(rows, (r) => r[0] / 1.02),
    hiMJy: Float64Array.from(rows, (r) => r[0] * 1.02),
  };
  const e = expectedDnds(params, ['radio1p4ghz'], bins).get('radio1p4ghz');
  if (e) {
    const ratio = rows.map((r, i) => e.all[i] / r[3]);
    const within = ratio.filter((x) => Math.abs(Math.log(x)) <= Math.log(1.5)).length;
    lines.push(
      '',
      `1.4 GHz vs the Hopkins+2003 fit (0.05 mJy–1 Jy, ${rows.length} grid points): model/fit ${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}, ${within}/${rows.length} within ×1.5.`,
    );
    const eu = (s: number, v: number) => v * (s / 1000) ** 2.5;
    writeFileSync(
      new URL('counts-radio1p4ghz.svg', img),
      svgPlot({
        title: '1.4 GHz counts: model vs Hopkins+2003 fit',
        xLabel: 'S [mJy]',
        yLabel: 'S^2.5 dN/dS [Jy^1.5 sr^-1]',
        series: [
          { label: 'Hopkins+03 fit', x: rows.map((r) => r[0]), y: rows.map((r) => r[2]), style: 'points' },
          { label: 'model all', x: rows.map((r) => r[0]), y: rows.map((r, i) => eu(r[0], e.all[i])), style: 'line' },
        ],
      }),
    );
  }
}

// Acceptance 2: 148 GHz synchrotron vs Tucci C2Ex, and synchrotron fractions.
{
  const rows = readFileSync(new URL('models/radio_tucci2011_C2Ex_model_148GHz.csv', REFERENCE_COUNTS), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const bins = {
    loMJy: Float64Array.from(rows, (r) => r[0] / 1.02),
    hiMJy: Float64Array.from(rows, (r) => r[0] * 1.02),
  };
  const e = expectedDnds(params, ['spt150'], bins).get('spt150');
  if (e) {
    const sel = rows.map((r, i) => [r[0], e.synchrotron[i] / r[1]]).filter(([s]) => s >= 10 && s <= 1000);
    lines.push(
      '',
      `148 GHz synchrotron counts / Tucci C2Ex, 10 mJy–1 Jy: ${Math.min(...sel.map((x) => x[1])).toFixed(2)}–${Math.max(...sel.map((x) => x[1])).toFixed(2)} (bar: within ×1.5).`,
    );
    writeFileSync(
      new URL('counts-148ghz-synchrotron.svg', img),
      svgPlot({
        title: '148 GHz synchrotron counts vs Tucci+11 C2Ex',
        xLabel: 'S [mJy]',
        yLabel: 'S^2.5 dN/dS [Jy^1.5 sr^-1]',
        series: [
          { label: 'Tucci+11 C2Ex (model table)', x: rows.map((r) => r[0]), y: rows.map((r) => r[2]) },
          {
            label: 'this model: synchrotron',
            x: rows.map((r) => r[0]),
            y: rows.map((r, i) => e.synchrotron[i] * (r[0] / 1000) ** 2.5),
            style: 'line',
          },
          {
            label: 'this model: dusty',
            x: rows.map((r) => r[0]),
            y: rows.map((r, i) => e.dusty[i] * (r[0] / 1000) ** 2.5),
            style: 'line',
            dashed: true,
          },
        ],
      }),
    );
  }
  const grid = { loMJy: new Float64Array(400), hiMJy: new Float64Array(400) };
  for (let i = 0; i < 400; i++) {
    grid.loMJy[i] = 0.5 * 10 ** (i / 100);
    grid.hiMJy[i] = 0.5 * 10 ** ((i + 1) / 100);
  }
  const g = expectedDnds(params, ['spt150'], grid).get('spt150');
  if (g)
    for (const [label, thr] of [
      ['SPT-SZ depth (150 GHz > 6 mJy; bar 75–85 %)', 6],
      ['SPT-3G Main depth (150 GHz > 1.4 mJy; bar 40–60 %)', 1.4],
    ] as const) {
      let ns = 0;
      let nd = 0;
      for (let i = 0; i < 400; i++)
        if (grid.loMJy[i] >= thr) {
          const ds = (grid.hiMJy[i] - grid.loMJy[i]) / 1000;
          ns += g.synchrotron[i] * ds;
          nd += g.dusty[i] * ds;
        }
      lines.push(
        `${label}: synchrotron fraction ${((100 * ns) / (ns + nd)).toFixed(1)} %, ${((ns + nd) * SR).toFixed(2)} sources/deg².`,
      );
    }
}

// Acceptance 3: SPT-DSFG-like selection.
{
  const band: Band = 'spt220';
  const m = buildGalaxyModel(params, [band]);
  const per = new Float64Array(m.nShells);
  const all = expectedGalaxyCounts(m, [band], { perShell: { band, sMinMJy: 20, out: per } });
  const lensed = expectedGalaxyCounts(m, [band], { muMin: 2 });
  const quant = (zMin: number) => {
    let tot = 0;
    for (let s = 0; s < m.nShells; s++) if (m.zRep[s] >= zMin) tot += per[s];
    const q = [0.16, 0.5, 0.84];
    const out: number[] = [];
    let c = 0;
    for (let s = 0; s < m.nShells && out.length < 3; s++) {
      if (m.zRep[s] < zMin) continue;
      c += per[s];
      while (out.length < 3 && c >= q[out.length] * tot) out.push(m.zRep[s]);
    }
    return { tot, out };
  };
  const a = quant(0);
  const b = quant(0.5);
  const fl = countAbove(lensed.get(band) as never, 20) / countAbove(all.get(band) as never, 20);
  lines.push(
    '',
    `SPT-DSFG-like (S_220 > 20 mJy, dusty): ${(a.tot * SR).toFixed(3)} per deg²; z 16/50/84 % = ${a.out.map((z) => z.toFixed(2)).join(' / ')}; without z < 0.5 (IRAS-detected, removed from the SPT redshift survey): ${b.out.map((z) => z.toFixed(2)).join(' / ')}; lensed (μ ≥ 2) fraction ${(100 * fl).toFixed(0)} %.`,
  );
  const zs = Array.from(m.zRep);
  writeFileSync(
    new URL('dsfg-redshift.svg', img),
    svgPlot({
      title: 'S_220 > 20 mJy dusty sources: redshift distribution',
      xLabel: 'z',
      yLabel: 'dN/dz [deg^-2]',
      logX: false,
      logY: false,
      series: [{ label: 'model', x: zs, y: zs.map((_, s) => (per[s] * SR) / (m.zHi[s] - m.zLo[s])), style: 'line' }],
    }),
  );
}
void BANDS;
console.log(lines.join('\n'));
