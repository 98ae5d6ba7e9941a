import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { explain, explainText } from '../../src/assoc/explain.js';
import { explanationSvg } from '../../src/assoc/svg.js';
import { runExplain } from '../../src/cli/commands/explain.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { UserError } from '../../src/errors.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { column, Table } from '../../src/table/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mmassoc-explain-'));
after(() => rmSync(dir, { recursive: true, force: true }));
process.env.MMASSOC_QUIET = '1';

async function threeCatalogues(ext: string) {
  const d = 1 / 3600;
  const cos = Math.cos((-30 * Math.PI) / 180);
  const p = join(dir, 'P.fits');
  const a = join(dir, 'A.fits');
  const b = join(dir, 'B.fits');
  // Primary X1 at (40, −30) with a 4″ × 1″ ellipse along PA 60; A has two candidates, B one.
  await writeTable(
    p,
    new Table(
      [
        column('ID', ['X1', 'X2']),
        column('RA', Float64Array.from([40, 40.2])),
        column('DEC', Float64Array.from([-30, -30])),
        column('smaj', Float64Array.from([4, 2])),
        column('smin', Float64Array.from([1, 2])),
        column('pa', Float64Array.from([60, 0])),
      ],
      { name: 'P', skyAreaDeg2: 1 },
    ),
  );
  await writeTable(
    a,
    new Table(
      [
        column('ID', Int32Array.from([5, 6])),
        column('RA', Float64Array.from([40 + (3 * d) / cos, 40 - (2 * d) / cos])),
        column('DEC', Float64Array.from([-30 + 1.5 * d, -30 - 1 * d])),
        column('e', Float64Array.from([0.5, 0.5])),
      ],
      { name: 'A', skyAreaDeg2: 1 },
    ),
  );
  await writeTable(
    b,
    new Table(
      [
        column('ID', Int32Array.from([9])),
        column('RA', Float64Array.from([40 + (2.5 * d) / cos])),
        column('DEC', Float64Array.from([-30 + 1.2 * d])),
        column('e', Float64Array.from([1])),
      ],
      { name: 'B', skyAreaDeg2: 1 },
    ),
  );
  const out = join(dir, `m.${ext}`);
  await runMatch({ out, radiusArcsec: 12, catalogs: [`${p}:ell=smaj,smin,pa`, `${a}:err=e`, `${b}:err95=e`] });
  return out;
}

test('explain: tangent-plane offsets, ellipses and p_i of one primary, from the header of a FITS match', async () => {
  const out = await threeCatalogues('fits');
  const t = await readTable(out);
  const e = explain(t, 'X1');
  assert.deepEqual(e.catalogs, ['P', 'A', 'B']);
  assert.equal(e.radiusArcsec, 12);
  const prim = e.sources.find((s) => s.catalog === 0);
  assert.ok(
    prim && Math.abs(prim.aArcsec - 4) < 1e-9 && Math.abs(prim.bArcsec - 1) < 1e-9 && Math.abs(prim.paDeg - 60) < 1e-9,
  );
  const a5 = e.sources.find((s) => s.label === 'A 5');
  assert.ok(a5 && Math.abs(a5.eastArcsec - 3) < 1e-3 && Math.abs(a5.northArcsec - 1.5) < 1e-3, JSON.stringify(a5));
  const b9 = e.sources.find((s) => s.label === 'B 9');
  // err95 = 1 → σ = 1/2.4477 per axis.
  assert.ok(b9 && Math.abs(b9.aArcsec - 1 / 2.447746830680816) < 1e-9);
  // p_i over the candidate associations sums to 1, and p_any is the table's.
  const sum = e.associations.reduce((s, x) => s + x.pI, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, `${sum}`);
  const pAny = t.float64('p_any')[Array.from(t.col('P_ID').data as string[]).indexOf('X1')];
  assert.equal(e.pAny, pAny);
  // The best association is A 5 + B 9, which both lie along the primary's long axis.
  const best = e.associations[0];
  assert.deepEqual(
    best.members.slice(1).map((m) => e.sources[m].label),
    ['A 5', 'B 9'],
  );
  assert.match(explainText(e), /P X1 at .* p_any = /);
});

test('explain SVG: 1σ and 2σ ellipses per source, rotated by −PA, east to the left; CLI writes the file', async () => {
  const out = await threeCatalogues('fits');
  const e = explain(await readTable(out), 'X1');
  const svg = explanationSvg(e);
  const ellipses = svg.match(/<ellipse /g) ?? [];
  assert.equal(ellipses.length, 2 * e.sources.length);
  assert.match(svg, /rotate\(-60 /);
  // A 5 is 3″ east: drawn left of the centre (x = 60 + 280 = 340).
  const m = /<circle cx="([\d.]+)" cy="([\d.]+)" r="3" fill="#1f77b4"/.exec(svg);
  assert.ok(m);
  const xs = [...svg.matchAll(/<circle cx="([\d.]+)" cy="[\d.]+" r="3" fill="#1f77b4"/g)].map((x) => Number(x[1]));
  assert.ok(xs.some((x) => x < 340) && xs.some((x) => x > 340));
  const path = join(dir, 'x1.svg');
  const orig = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await runExplain(out, 'X1', path);
  } finally {
    process.stdout.write = orig;
  }
  assert.ok(readFileSync(path, 'utf8').startsWith('<svg'));
  await assert.rejects(
    runExplain(out, 'nope', path),
    (err: unknown) => err instanceof UserError && /no primary with P_ID = nope/.test(err.message),
  );
});

test('explain works on a CSV match (no header): names from column prefixes, errors guessed', async () => {
  const out = await threeCatalogues('csv');
  const t = await readTable(out);
  // CSV carries no CATSPEC keywords, and 'smaj'/'e' are not guessable error names: positions and
  // probabilities are shown, ellipses are not (a = 0).
  const e = explain(t, 'X1');
  assert.deepEqual(e.catalogs, ['P', 'A', 'B']);
  assert.equal(e.sources.length, 4);
  assert.ok(e.sources.every((s) => s.aArcsec === 0));
  const a5 = e.sources.find((s) => s.label === 'A 5');
  assert.ok(a5 && Math.abs(a5.eastArcsec - 3) < 1e-3);
});
