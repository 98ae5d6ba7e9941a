// The HATS reader (src/io/hats.ts): partition discovery in both layouts (under dataset/ and at the
// top; Npix=N.parquet files and Npix=N/ folders), sky order across mixed orders, refusals.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { isHatsCatalog, openHats, streamHats } from '../../src/io/hats.js';
import { writeTable } from '../../src/io/index.js';
import { column, Table } from '../../src/table/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mmassoc-hats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function part(root: string, order: number, pixel: number, ids: number[], file?: string): Promise<void> {
  const folder = join(root, `Norder=${order}`, `Dir=${Math.floor(pixel / 10000) * 10000}`);
  const t = new Table([column('id', Int32Array.from(ids))], { name: 'CAT' });
  if (file) {
    mkdirSync(join(folder, `Npix=${pixel}`), { recursive: true });
    await writeTable(join(folder, `Npix=${pixel}`, file), t);
  } else {
    mkdirSync(folder, { recursive: true });
    await writeTable(join(folder, `Npix=${pixel}.parquet`), t);
  }
}

describe('HATS reader', () => {
  it('lists partitions of mixed orders in sky order, folders of files included (top-level layout)', async () => {
    const root = join(dir, 'top');
    // Order 1 pixel 5 covers order-2 pixels 20..23; order 2 pixel 19 comes before it, 24 after it.
    await part(root, 1, 5, [3]);
    await part(root, 2, 24, [4]);
    await part(root, 2, 19, [1], 'b.parquet');
    await part(root, 2, 19, [0], 'a.parquet');
    await part(root, 0, 0, [-1]);
    writeFileSync(join(root, 'properties'), '# HATS\nobs_collection = TOP\nhats_nrows=5\n');
    assert.ok(isHatsCatalog(root));
    const cat = openHats(root);
    assert.deepEqual(
      cat.partitions.map((p) => `${p.order}/${p.pixel}/${p.files.length}`),
      ['0/0/1', '2/19/2', '1/5/1', '2/24/1'],
    );
    assert.equal(cat.properties.obs_collection, 'TOP');
    const ids: number[] = [];
    for await (const t of streamHats(cat)) ids.push(...(t.col('id').data as Int32Array));
    assert.deepEqual(ids, [-1, 0, 1, 3, 4]);
  });

  it('refuses overlapping partitions and folders that are not HATS catalogues', async () => {
    const root = join(dir, 'overlap');
    await part(join(root, 'dataset'), 1, 5, [1]);
    await part(join(root, 'dataset'), 2, 21, [2]);
    assert.throws(
      () => openHats(root),
      (e: unknown) => e instanceof UserError && /overlap/.test(e.message),
    );
    mkdirSync(join(dir, 'plain'));
    assert.equal(isHatsCatalog(join(dir, 'plain')), false);
    assert.throws(
      () => openHats(join(dir, 'plain')),
      (e: unknown) => e instanceof UserError && /not a HATS/.test(e.message),
    );
  });
});
