import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { parseCatalogSpec } from '../../src/assoc/catalog-spec.js';
import { errorsFromConvention, SIGMA_PER_95 } from '../../src/assoc/error-model.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { UserError } from '../../src/errors.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { column, Table } from '../../src/table/index.js';

const REF = resolve(process.cwd(), '../shared/reference/nway');
const COSMOS = join(REF, 'cosmoslike/input');
const dir = mkdtempSync(join(tmpdir(), 'mmassoc-match-'));
after(() => rmSync(dir, { recursive: true, force: true }));
process.env.MMASSOC_QUIET = '1';

test('catalogue specs are parsed from the right; file names may contain ":"', () => {
  const s = parseCatalogSpec('data/a:b.fits:name=FIR:err95=r95:floor=0.5');
  assert.equal(s.file, 'data/a:b.fits');
  assert.deepEqual(s.options, { name: 'FIR', err95: 'r95', floor: '0.5' });
  assert.deepEqual(parseCatalogSpec('x.csv:ell=a,b,pa').options, { ell: 'a,b,pa' });
  assert.equal(parseCatalogSpec('plain.fits').file, 'plain.fits');
  assert.throws(
    () => parseCatalogSpec('x.fits:err=1:ell=a,b,c'),
    (e: unknown) => e instanceof UserError && /one error convention/.test(e.message),
  );
  assert.throws(
    () => parseCatalogSpec('x.fits:bogus=1'),
    (e: unknown) => e instanceof UserError && /unknown option ':bogus='/.test(e.message),
  );
  assert.throws(() => parseCatalogSpec('x.fits:err='), UserError);
});

test("match reproduces NWAY's example1 (XMM × OPT, r = 15″, c = 0.9) row by row, with guessed columns", async () => {
  const out = join(dir, 'ex1.csv');
  const best = join(dir, 'ex1best.csv');
  const r = await runMatch({
    out,
    best,
    radiusArcsec: 15,
    priorCompleteness: 0.9,
    catalogs: [join(COSMOS, 'XMMsub.fits'), `${join(COSMOS, 'OPT.fits')}:err=0.1`],
  });
  const ours = await readTable(out);
  const ref = await readTable(join(REF, 'cosmoslike/output/example1.csv'));
  assert.equal(r.rows, 5252);
  assert.equal(ours.nrows, ref.nrows);
  for (const name of ['XMM_ID', 'OPT_ID', 'ncat', 'match_flag'])
    assert.deepEqual(Array.from(ours.float64(name)), Array.from(ref.float64(name)), name);
  for (const name of ['p_any', 'p_i', 'dist_post']) {
    const a = ours.float64(name);
    const b = ref.float64(name);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    assert.ok(worst < 2e-6, `${name}: max |Δ| = ${worst}`);
  }
  // --best: one row per primary, the flag-1 association of NWAY's output (or the no-counterpart row).
  const bt = await readTable(best);
  assert.equal(bt.nrows, 309);
  const refBest = new Map<number, number>();
  const rid = ref.float64('XMM_ID');
  const ropt = ref.float64('OPT_ID');
  const rflag = ref.float64('match_flag');
  const rncat = ref.float64('ncat');
  for (let i = 0; i < ref.nrows; i++)
    if (rflag[i] === 1 && rncat[i] > 1 && !refBest.has(rid[i])) refBest.set(rid[i], ropt[i]);
  const bid = bt.float64('XMM_ID');
  const bopt = bt.float64('OPT_ID');
  const ncand = bt.float64('n_candidates');
  for (let i = 0; i < bt.nrows; i++) {
    assert.equal(bopt[i], refBest.get(bid[i]) ?? -99, `XMM ${bid[i]}`);
    const nRef = Array.from(rid).filter((v, j) => v === bid[i] && rncat[j] > 1).length;
    assert.equal(ncand[i], nRef);
  }
});

/** A primary (2 sources) and a secondary (3) around (150, 2): one clear match and one ambiguous pair. */
async function toyFiles(errCols: Record<string, number[]>, tag: string, skyArea: number | null = 0.01) {
  const prim = new Table(
    [
      column('ID', Int32Array.from([1, 2])),
      column('RA', Float64Array.from([150, 150.01])),
      column('DEC', Float64Array.from([2, 2])),
      ...Object.entries(errCols).map(([k, v]) => column(k, Float64Array.from(v))),
    ],
    { name: 'P', ...(skyArea ? { skyAreaDeg2: skyArea } : {}) },
  );
  const sec = new Table(
    [
      column('ID', Int32Array.from([10, 11, 12])),
      column('RA', Float64Array.from([150 + 1 / 3600, 150.01 + 2 / 3600, 150.01 - 1.5 / 3600])),
      column('DEC', Float64Array.from([2 + 0.5 / 3600, 2, 2 + 1 / 3600])),
      column('pos_err', Float64Array.from([0.3, 0.3, 0.3])),
    ],
    { name: 'S', skyAreaDeg2: 0.01 },
  );
  const p = join(dir, `toy-p-${tag}.fits`);
  const s = join(dir, 'toy-s.fits');
  await writeTable(p, prim);
  await writeTable(s, sec);
  return { p, s };
}

test('error conventions: err, err95 (÷2.4477), errradius (÷√2), ell with a = b, and a floor give the same σ', async () => {
  const sigma = [1.2, 2.5];
  const floor = 0.4;
  const eff = sigma.map((s) => Math.sqrt(s * s + floor * floor));
  const { p, s } = await toyFiles(
    {
      e1: eff,
      e95: sigma.map((x) => x * SIGMA_PER_95),
      erad: sigma.map((x) => x * Math.SQRT2),
      raw: sigma,
      pa: [33, 120],
    },
    'conv',
  );
  const runWith = async (spec: string, tag: string) => {
    const out = join(dir, `conv-${tag}.csv`);
    await runMatch({ out, radiusArcsec: 10, catalogs: [`${p}:${spec}`, s] });
    const t = await readTable(out);
    return { bf: t.float64('dist_bayesfactor'), pi: t.float64('p_i'), pany: t.float64('p_any') };
  };
  const ref = await runWith('err=e1', 'err');
  for (const [spec, tag] of [
    [`err95=e95:floor=${floor}`, 'err95'],
    [`errradius=erad:floor=${floor}`, 'errradius'],
    [`ell=raw,raw,pa:floor=${floor}`, 'ell'],
    [`ell95=e95,e95,0:floor=${floor}`, 'ell95'],
  ]) {
    const got = await runWith(spec, tag);
    for (let i = 0; i < ref.bf.length; i++) {
      assert.ok(
        Math.abs(got.bf[i] - ref.bf[i]) < 1e-9 * Math.max(1, Math.abs(ref.bf[i])),
        `${tag} row ${i}: ${got.bf[i]} vs ${ref.bf[i]}`,
      );
      assert.ok(Math.abs(got.pi[i] - ref.pi[i]) < 1e-12 && Math.abs(got.pany[i] - ref.pany[i]) < 1e-12);
    }
  }
  // The 95% factor is the 2-D Gaussian's: P(r < 2.4477σ) = 0.95.
  assert.ok(Math.abs(1 - Math.exp(-(SIGMA_PER_95 ** 2) / 2) - 0.95) < 1e-15 && Math.abs(SIGMA_PER_95 - 2.4477) < 1e-4);
});

test('an elongated error ellipse along the offset raises p_i over one across it', async () => {
  // Primary 2 has two candidates: 2″ east and 1.5″ west + 1″ north. An ellipse with its major axis
  // east–west (PA 90) favours the first more than one along PA 0 does.
  const { p, s } = await toyFiles({ a: [3, 3], b: [0.5, 0.5], pa90: [90, 90], pa0: [0, 0] }, 'ell');
  const pFirst = async (pa: string) => {
    const out = join(dir, `ell-${pa}.csv`);
    await runMatch({ out, radiusArcsec: 10, catalogs: [`${p}:ell=a,b,${pa}`, s] });
    const t = await readTable(out);
    const ids = t.float64('S_ID');
    const pi = t.float64('p_i');
    for (let i = 0; i < t.nrows; i++) if (ids[i] === 11) return pi[i];
    throw new Error('candidate 11 missing');
  };
  const east = await pFirst('pa90');
  const north = await pFirst('pa0');
  assert.ok(east > 0.7 && north < 0.2, `PA 90: ${east}, PA 0: ${north}`);
});

test('bad errors are UserErrors naming file, row and column; no output file is left behind', async () => {
  const { p, s } = await toyFiles({ bad: [1, 0] }, 'bad');
  const out = join(dir, 'bad.csv');
  await assert.rejects(
    runMatch({ out, radiusArcsec: 10, catalogs: [`${p}:err=bad`, s] }),
    (e: unknown) => e instanceof UserError && e.message.includes(p) && /row 2, column bad/.test(e.message),
  );
  assert.equal(existsSync(out), false);
  assert.equal(
    readdirSync(dir).some((f) => f.endsWith('.tmp')),
    false,
  );
  // b > a is accepted: it is the same covariance as (b, a, PA + 90).
  const t = new Table([
    column('a', Float64Array.from([1])),
    column('b', Float64Array.from([3])),
    column('pa', Float64Array.from([10])),
  ]);
  const t2 = new Table([
    column('a', Float64Array.from([3])),
    column('b', Float64Array.from([1])),
    column('pa', Float64Array.from([100])),
  ]);
  const pos = [Float64Array.from([1]), Float64Array.from([1])] as const;
  const e1 = errorsFromConvention(t, { convention: { kind: 'ell', a: 'a', b: 'b', pa: 'pa' } }, 'x', ...pos);
  const e2 = errorsFromConvention(t2, { convention: { kind: 'ell', a: 'a', b: 'b', pa: 'pa' } }, 'x', ...pos);
  assert.ok(
    Math.abs(e1.varEastArcsec2[0] - e2.varEastArcsec2[0]) < 1e-12 &&
      Math.abs(e1.covEastNorthArcsec2[0] - e2.covEastNorthArcsec2[0]) < 1e-12,
  );
  assert.throws(
    () => errorsFromConvention(t, { convention: { kind: 'ell', a: 'a', b: 'b', pa: Number.NaN } }, 'cat.fits', ...pos),
    (e: unknown) => e instanceof UserError && /cat\.fits: row 1/.test(e.message),
  );
});

test('without SKYAREA the area comes from :area=, else from the HEALPix coverage with a warning', async () => {
  const { p, s } = await toyFiles({ e: [1, 1] }, 'noarea', null);
  const a = join(dir, 'area-a.csv');
  const b = join(dir, 'area-b.csv');
  await runMatch({ out: a, radiusArcsec: 10, catalogs: [`${p}:err=e:area=0.01`, s] });
  const warnings: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    warnings.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await runMatch({ out: b, radiusArcsec: 10, catalogs: [`${p}:err=e`, s] });
  } finally {
    process.stderr.write = orig;
  }
  assert.ok(
    warnings.some((w) => /no SKYAREA.*:area=DEG2/.test(w)),
    warnings.join(''),
  );
  // The primary's density cancels (design/nway.md §2.1): both runs give the same probabilities.
  const pa = (await readTable(a)).float64('p_i');
  const pb = (await readTable(b)).float64('p_i');
  assert.equal(pa.length, pb.length);
  for (let i = 0; i < pa.length; i++) assert.ok(Math.abs(pa[i] - pb[i]) < 1e-12, `row ${i}: ${pa[i]} vs ${pb[i]}`);
});

test("match with :flux= and --flux-radius reproduces NWAY's example2-mag (automatic OPT:MAG histogram, radius mode)", async () => {
  const out = join(dir, 'ex2mag.csv');
  await runMatch({
    out,
    radiusArcsec: 15,
    priorCompleteness: 0.9,
    fluxRadiusArcsec: 3.5,
    catalogs: [join(COSMOS, 'XMMsub.fits'), `${join(COSMOS, 'OPT.fits')}:err=0.1:flux=MAG`],
  });
  const ours = await readTable(out);
  const ref = await readTable(join(REF, 'cosmoslike/output/example2-mag.csv'));
  assert.equal(ours.nrows, ref.nrows);
  for (const name of ['bias_OPT_MAG', 'p_single', 'p_any', 'p_i']) {
    const a = ours.float64(name);
    const b = ref.float64(name);
    let worst = 0;
    // bias is a ratio of densities (NWAY stores float32): relative; probabilities: absolute.
    for (let i = 0; i < a.length; i++)
      worst = Math.max(worst, Math.abs(a[i] - b[i]) / (name.startsWith('bias') ? Math.max(1, b[i]) : 1));
    assert.ok(worst < 2e-6, `${name}: max |Δ| = ${worst}`);
  }
});
