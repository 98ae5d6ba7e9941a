// Issue 6, out-of-core scale, through `mmassoc match --memory`: catalogue files partitioned into HEALPix
// tile files and associated tile by tile under a tiny memory budget give the same output file as the
// in-memory run (every row, value and header keyword), across RA = 0 and at a pole, from FITS (streamed)
// and CSV (streamed block by block) inputs, and from a HATS-partitioned Parquet catalogue.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runMatch } from '../../src/cli/commands/match.js';
import { UserError } from '../../src/errors.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { BASELINE_BYTES, planTileBudget } from '../../src/scale/budget.js';
import { openCatalogSource, rowBytes } from '../../src/scale/source.js';
import { ang2pixNest, ang2pixNestNumber } from '../../src/sky/healpix-nest.js';
import { column, type Table } from '../../src/table/index.js';
import { type Box, mockCatalogs } from './mock.js';
import { assertSameTable } from './same-table.js';

const dir = mkdtempSync(join(tmpdir(), 'mmassoc-ooc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function writeMock(tag: string, box: Box, ext: string): Promise<string[]> {
  const cats = mockCatalogs(3, box, 400, [2500, 2000]);
  const files: string[] = [];
  for (const c of cats) {
    const f = join(dir, `${tag}-${c.name}.${ext}`);
    await writeTable(f, c.table);
    files.push(ext === 'csv' ? `${f}:area=${c.skyAreaDeg2}:name=${c.name}` : f);
  }
  return files;
}

async function assertSameRun(tag: string, catalogs: string[], memory: number, minOrder: number): Promise<void> {
  const a = join(dir, `${tag}-memory.fits`);
  const b = join(dir, `${tag}-tiled.fits`);
  const base = { catalogs, radiusArcsec: 30, priorCompleteness: 0.9, best: join(dir, `${tag}-best-a.fits`) };
  await runMatch({ ...base, out: a });
  const sources = [];
  for (const c of catalogs) sources.push(await openCatalogSource(c.replace(/:.*$/, ''), 1000));
  await runMatch({ ...base, out: b, best: join(dir, `${tag}-best-b.fits`), memoryBytes: memory });
  const plan = planTileBudget(
    sources.map((s) => ({
      rows: s.rowsEstimate,
      areaDeg2: s.schema.meta.skyAreaDeg2 ?? 23.9,
      rowBytes: rowBytes(s.schema),
    })),
    30,
    memory,
  );
  assert.ok(plan.order >= minOrder, `tile order ${plan.order}`);
  const ta = await readTable(a);
  const tb = await readTable(b);
  assertSameTable(ta, tb, tag);
  assert.deepEqual(tb.meta.keywords, ta.meta.keywords);
  assertSameTable(
    await readTable(join(dir, `${tag}-best-a.fits`)),
    await readTable(join(dir, `${tag}-best-b.fits`)),
    `${tag} best`,
  );
  // The tile folder is gone.
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.includes('.tiles-')),
    [],
  );
}

describe('mmassoc match --memory', () => {
  it('FITS inputs across RA = 0: tiled under a tiny budget = in memory', async () => {
    const files = await writeMock('wrap', { raMinDeg: -3, raMaxDeg: 3, decMinDeg: -2, decMaxDeg: 2 }, 'fits');
    await assertSameRun('wrap', files, BASELINE_BYTES + 1.1 * 2 ** 20, 4);
  });
  it('CSV inputs at the north pole', async () => {
    const files = await writeMock('pole', { raMinDeg: 0, raMaxDeg: 360, decMinDeg: 87.2, decMaxDeg: 90 }, 'csv');
    await assertSameRun('pole', files, BASELINE_BYTES + 1.1 * 2 ** 20, 4);
  });
});

/** Writes `cat` as a HATS tree: order-`order` partitions, the fullest one split into its four children. */
async function writeHats(root: string, table: Table, order: number): Promise<Table> {
  const ra = table.float64('ra');
  const dec = table.float64('dec');
  const n = table.nrows;
  const coarse = Float64Array.from({ length: n }, (_, i) => ang2pixNestNumber(order, ra[i], dec[i]));
  const counts = new Map<number, number>();
  for (const p of coarse) counts.set(p, (counts.get(p) ?? 0) + 1);
  const split = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const part = (i: number) =>
    coarse[i] === split
      ? { order: order + 1, pixel: ang2pixNestNumber(order + 1, ra[i], dec[i]) }
      : { order, pixel: coarse[i] };
  const key = (i: number) => part(i).pixel * 4 ** (29 - part(i).order);
  const rows = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
  const healpix29 = BigInt64Array.from(rows, (i) => BigInt.asIntN(64, ang2pixNest(29, ra[i], dec[i])));
  const sorted = table.take(Int32Array.from(rows)).withColumns([column('_healpix_29', healpix29)]);
  const groups = new Map<string, number[]>();
  rows.forEach((i, k) => {
    const p = part(i);
    const id = `${p.order}/${p.pixel}`;
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)?.push(k);
  });
  for (const [id, ks] of groups) {
    const [o, pix] = id.split('/').map(Number);
    const folder = join(root, 'dataset', `Norder=${o}`, `Dir=${Math.floor(pix / 10000) * 10000}`);
    mkdirSync(folder, { recursive: true });
    await writeTable(join(folder, `Npix=${pix}.parquet`), sorted.take(Int32Array.from(ks)));
  }
  writeFileSync(
    join(root, 'properties'),
    `obs_collection=${table.meta.name}\nhats_nrows=${n}\nhats_col_ra=ra\nhats_col_dec=dec\n`,
  );
  assert.ok(groups.size >= 5, `${groups.size} partitions`);
  return sorted;
}

describe('HATS input', () => {
  it('a HATS catalogue (mixed orders) as primary and secondary = the same catalogues as single files', async () => {
    const box = { raMinDeg: 355, raMaxDeg: 365, decMinDeg: -6, decMaxDeg: 4 };
    const cats = mockCatalogs(9, box, 300, [2000, 1500]);
    const hatsP = join(dir, 'pri_hats');
    const hatsS = join(dir, 'sec1_hats');
    const p = await writeHats(hatsP, cats[0].table, 3);
    const s = await writeHats(hatsS, cats[1].table, 3);
    const files = [join(dir, 'hats-PRI.parquet'), join(dir, 'hats-SEC1.fits'), join(dir, 'hats-SEC2.fits')];
    await writeTable(files[0], p);
    await writeTable(files[1], s);
    await writeTable(files[2], cats[2].table);
    const a = join(dir, 'hats-files.fits');
    const b = join(dir, 'hats-tiled.fits');
    await runMatch({ catalogs: files, radiusArcsec: 30, out: a });
    await runMatch({
      catalogs: [hatsP, hatsS, files[2]],
      radiusArcsec: 30,
      out: b,
      memoryBytes: BASELINE_BYTES + 0.9 * 2 ** 20,
    });
    assertSameTable(await readTable(a), await readTable(b), 'hats');
    // The budget cut the sky into several tiles.
    const sizes = [p, s, cats[2].table].map((t) => ({ rows: t.nrows, areaDeg2: cats[0].skyAreaDeg2, rowBytes: 36 }));
    assert.ok(planTileBudget(sizes, 30, BASELINE_BYTES + 0.9 * 2 ** 20).order >= 3);
  });
});

describe('mmassoc match --memory: bad input', () => {
  async function message(run: Promise<unknown>): Promise<string> {
    try {
      await run;
    } catch (err) {
      assert.ok(err instanceof UserError, String(err));
      return err.message;
    }
    return assert.fail('no error');
  }

  it('a bad position deep in the file is reported at the same row as in memory', async () => {
    const cats = mockCatalogs(4, { raMinDeg: 10, raMaxDeg: 14, decMinDeg: 0, decMaxDeg: 3 }, 300, [5000]);
    const t = cats[1].table;
    const dec = Float64Array.from(t.float64('dec'));
    dec[4321] = 95;
    const bad = join(dir, 'bad-SEC1.fits');
    await writeTable(bad, t.withColumns([column('dec', dec)]));
    const pri = join(dir, 'bad-PRI.fits');
    await writeTable(pri, cats[0].table);
    const base = { catalogs: [pri, bad], radiusArcsec: 10, out: join(dir, 'bad-out.fits') };
    const inMemory = await message(runMatch(base));
    assert.match(inMemory, /row 4322, column dec: Dec = 95/);
    // A budget this small reads the file in blocks of ~1000 rows: the row is in a later block.
    const memoryBytes = BASELINE_BYTES + 950_000;
    const sizes = [cats[0], cats[1]].map((c) => ({ rows: c.raDeg.length, areaDeg2: c.skyAreaDeg2, rowBytes: 28 }));
    assert.ok(planTileBudget(sizes, 10, memoryBytes).blockRows < 4000);
    assert.equal(await message(runMatch({ ...base, memoryBytes })), inMemory);
  });

  it('refuses what needs every source at once, with the fix', async () => {
    const files = await writeMock('refuse', { raMinDeg: 0, raMaxDeg: 2, decMinDeg: 0, decMaxDeg: 2 }, 'fits');
    const base = { catalogs: files, out: join(dir, 'refuse.fits'), memoryBytes: 2 ** 30 };
    assert.match(await message(runMatch(base)), /--memory needs --radius/);
    assert.match(await message(runMatch({ ...base, radiusArcsec: 5, coverageOrder: 6 })), /:coverage=FILE/);
    assert.match(
      await message(runMatch({ ...base, radiusArcsec: 5, catalogs: [...files.slice(0, 2), `${files[2]}:flux=ra`] })),
      /run without --memory/,
    );
    const csv = join(dir, 'refuse-noarea.csv');
    await writeTable(csv, (await readTable(files[1])).withMeta({ skyAreaDeg2: undefined }));
    assert.match(
      await message(runMatch({ ...base, radiusArcsec: 5, catalogs: [files[0], csv] })),
      /give it as :area=DEG2/,
    );
    assert.match(
      await message(runMatch({ ...base, radiusArcsec: 5, memoryBytes: BASELINE_BYTES })),
      /give a larger --memory/,
    );
  });
});
