// `mmassoc merge` joins shard outputs written to disk into the unsharded table (through FITS), refuses
// an incomplete set with one line and no output; `mmassoc plan --slurm` writes the job array and merge job.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { associate } from '../../src/assoc/engine.js';
import { associateShard } from '../../src/assoc/shard.js';
import { shardOutput } from '../../src/cli/commands/plan.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { mockCatalogs } from './mock.js';
import { cli } from './run-cli.js';
import { assertSameTable } from './same-table.js';

describe('mmassoc merge and plan', () => {
  it('merge of 3 shard files equals the unsharded output; a missing shard is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmassoc-merge-'));
    const cats = mockCatalogs(5, { raMinDeg: 350, raMaxDeg: 370, decMinDeg: -5, decMaxDeg: 0 }, 300, [1500, 1200]);
    const options = { radiusArcsec: 20 };
    await writeTable(join(dir, 'whole.fits'), associate(cats, options).toTable());
    const files: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const f = shardOutput(join(dir, 'out.fits'), i, 3);
      await writeTable(f, associateShard(cats, options, { index: i, count: 3 }).table);
      files.push(f);
    }
    const [ok, bad] = await Promise.all([
      cli(['merge', join(dir, 'out.fits'), ...files]),
      cli(['merge', join(dir, 'bad.fits'), files[0], files[2]]),
    ]);
    assert.equal(ok.status, 0, ok.stderr);
    assertSameTable(await readTable(join(dir, 'whole.fits')), await readTable(join(dir, 'out.fits')), 'merged FITS');
    assert.equal(bad.status, 2, bad.stderr);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /shard 2 of 3 missing/);
    assert.ok(!existsSync(join(dir, 'bad.fits')));
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('.tmp')),
      [],
    );
  });

  it('plan --slurm writes a 48-task array, a merge job over all 48 outputs and a submit script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmassoc-plan-'));
    const out = join(dir, 'all.fits');
    const r = await cli([
      'plan',
      '--slurm',
      '--shards',
      '48',
      '--out',
      out,
      '--time',
      '01:00:00',
      '--',
      'spt.fits:err=2',
      'wise.parquet',
      '--radius',
      '20',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const arr = readFileSync(join(dir, 'all.match.slurm'), 'utf8');
    assert.match(arr, /^#SBATCH --array=1-48$/m);
    assert.match(arr, /^#SBATCH --time=01:00:00$/m);
    assert.match(
      arr,
      /match --shard "\$\{SLURM_ARRAY_TASK_ID\}\/48" --out ".*all\.shard-\$\{SLURM_ARRAY_TASK_ID\}of48\.fits" spt\.fits:err=2 wise\.parquet --radius 20$/m,
    );
    const merge = readFileSync(join(dir, 'all.merge.slurm'), 'utf8');
    const parts =
      merge
        .split('\n')
        .find((l) => l.startsWith('exec'))
        ?.split(' ') ?? [];
    assert.equal(parts.filter((p) => /all\.shard-\d+of48\.fits$/.test(p)).length, 48);
    assert.match(readFileSync(join(dir, 'all.submit.sh'), 'utf8'), /sbatch --dependency=afterok:/);
  });
});
