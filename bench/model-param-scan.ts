// Sensitivity of the acceptance quantities of issue 4 to galaxy parameters (docs/validation.md §3 table):
//   node --import tsx bench/model-param-scan.ts NAME=VALUE [NAME=VALUE ...]
// Prints the count tables that fail (plus SPIRE 500, S2CLS and 2 mm always) with their within/used
// points and model/data range; the synchrotron fraction and dusty density at 150 GHz above 6 and
// 1.4 mJy and at 220 GHz above 20 mJy (noiseless expected counts); the median z (z > 0.5) of dusty
// S_220 > 20 mJy sources.

import type { Band } from '../src/model/bands.js';
import { expectedDnds } from '../src/model/counts.js';
import { expectedGalaxyCounts } from '../src/model/expected-counts.js';
import { buildGalaxyModel } from '../src/model/galaxy-model.js';
import { parseParamAssignments, resolveParams } from '../src/model/params.js';
import { galaxyCurves } from '../test/model/model-curves.js';
import { evaluateCriterion, referenceTables } from '../test/model/reference-counts.js';

const SR = (Math.PI / 180) ** 2;
const over = parseParamAssignments(process.argv.slice(2));
const params = resolveParams(over);
const tables = referenceTables();
const curves = galaxyCurves(params, [...new Set(tables.map((t) => t.band))]);
const res: string[] = [];
for (const t of tables) {
  const c = curves.get(t.band)!;
  const r = evaluateCriterion(t, t.kind === 'differential' ? c.dnds : c.cumulative);
  if (!r.pass || t.band === 'spire500' || t.band === 'alma2mm' || t.band === 'scuba850')
    res.push(
      `${t.file.slice(0, 22)}:${r.pass ? 'ok' : 'FAIL'}:${r.within}/${r.used}:${Math.min(...r.ratios).toFixed(2)}-${Math.max(...r.ratios).toFixed(2)}`,
    );
}
console.log(process.argv.slice(2).join(' ') || 'defaults', res.join(' '));
const grid = { loMJy: new Float64Array(400), hiMJy: new Float64Array(400) };
for (let i = 0; i < 400; i++) {
  grid.loMJy[i] = 0.5 * 10 ** (i / 100);
  grid.hiMJy[i] = 0.5 * 10 ** ((i + 1) / 100);
}
const g = expectedDnds(params, ['spt150', 'spt220'], grid);
const frac = (b: Band, thr: number) => {
  const e = g.get(b);
  if (!e) return '';
  let ns = 0,
    nd = 0;
  for (let i = 0; i < 400; i++)
    if (grid.loMJy[i] >= thr) {
      const ds = (grid.hiMJy[i] - grid.loMJy[i]) / 1000;
      ns += e.synchrotron[i] * ds;
      nd += e.dusty[i] * ds;
    }
  return `${((100 * ns) / (ns + nd)).toFixed(1)}% dusty ${(nd * SR).toFixed(3)}/deg2`;
};
console.log('  SZ150>6', frac('spt150', 6), ' 3G150>1.4', frac('spt150', 1.4), ' 220>20', frac('spt220', 20));
const band = 'spt220' as const;
const m = buildGalaxyModel(params, [band]);
const per = new Float64Array(m.nShells);
expectedGalaxyCounts(m, [band], { perShell: { band, sMinMJy: 20, out: per } });
let tot = 0;
for (let s = 0; s < m.nShells; s++) if (m.zRep[s] >= 0.5) tot += per[s];
let c = 0,
  med = 0;
for (let s = 0; s < m.nShells; s++) {
  if (m.zRep[s] < 0.5) continue;
  c += per[s];
  if (c >= 0.5 * tot) {
    med = m.zRep[s];
    break;
  }
}
console.log('  DSFG median z(>0.5)', med, 'N', (tot * SR).toFixed(3));
