/**
 * `mmassoc merge OUT SHARD_OUT…`: joins the outputs of `mmassoc match --shard I/N` into the table the
 * unsharded run writes (docs/reliability.md, "Shards").
 *
 * @example mmassoc merge out.fits out.shard-1of3.fits out.shard-2of3.fits out.shard-3of3.fits
 */
import type { Command } from 'commander';
import { mergeShardTables } from '../../assoc/merge.js';
import { readTable, writeTable } from '../../io/index.js';
import { log } from '../progress.js';

export async function runMerge(out: string, shards: string[]): Promise<number> {
  const tables = await Promise.all(shards.map((f) => readTable(f)));
  const merged = mergeShardTables(tables, shards);
  const expected = tables.reduce((s, t) => s + t.nrows, 0);
  // Row counts are checked before anything is written: no row may be lost or doubled.
  if (merged.nrows !== expected) throw new Error(`merge produced ${merged.nrows} rows from ${expected}`);
  await writeTable(out, merged);
  log(`merge: ${merged.nrows} rows from ${shards.length} shard outputs → ${out}`);
  return merged.nrows;
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('join the outputs of `mmassoc match --shard I/N` (every shard 1..N) into one table')
    .argument('<out>', 'merged output table (.fits, .csv, .parquet …)')
    .argument('<shards...>', 'the shard outputs')
    .action(async (out: string, shards: string[]) => {
      await runMerge(out, shards);
    });
}
