/**
 * HEALPix shards of an association (docs/reliability.md, "Shards"). Each primary belongs to exactly one
 * shard: primaries are ordered by their nested HEALPix pixel at SHARD_ORDER and cut into `count` runs of
 * nearly equal size at pixel boundaries, so a shard is a set of whole pixels, computed identically by
 * every process from the primary catalogue alone.
 *
 * A shard runs the full engine with the primaries of other shards masked (no position): the priors
 * (source counts over SKYAREA) and every secondary stay those of the whole run, a secondary within the
 * radius of a shard's primary is a candidate whatever shard its own position falls in, and the rows kept
 * are those of the shard's primaries, so the shards' rows, merged in primary order (`merge.ts`), are
 * the unsharded output exactly.
 */
import { UserError } from '../errors.js';
import { ang2pixNestNumber } from '../sky/healpix-nest.js';
import { column, type Table } from '../table/index.js';
import { type AssociationResult, associate } from './engine.js';
import { isValidPosition } from './sphere.js';
import type { AssociationOptions, CatalogInput } from './types.js';

/** Order of the pixels shards are made of (≈ 0.86′ pixels: fine enough to balance 48+ shards). */
export const SHARD_ORDER = 12;
/** Column carrying each output row's primary row index, for `merge`; removed by the merge. */
export const PRIMARY_ROW_COLUMN = 'mmassoc_primary_row';

export interface Shard {
  /** 1-based index, 1..count. */
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N). @example parseShard('3/7') // { index: 3, count: 7 } */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && index >= 1 && index <= count && count <= 1_000_000))
    throw new UserError(`--shard ${text}: expected I/N with 1 ≤ I ≤ N, e.g. --shard 3/48`);
  return { index, count };
}

/**
 * The shard (1..count) of every primary. Primaries without a usable position go to shard 1 (they
 * still get their row with p_any = 0 there).
 */
export function shardOfPrimaries(raDeg: Float64Array, decDeg: Float64Array, count: number): Int32Array {
  const n = raDeg.length;
  const pix = new Float64Array(n);
  for (let i = 0; i < n; i++)
    pix[i] = isValidPosition(raDeg[i], decDeg[i]) ? ang2pixNestNumber(SHARD_ORDER, raDeg[i], decDeg[i]) : -1;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pix[a] - pix[b] || a - b);
  const out = new Int32Array(n);
  let shard = 1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    // Advance to the next shard at a pixel boundary once this one holds its share.
    while (shard < count && k >= Math.round((shard * n) / count) && (k === 0 || pix[i] !== pix[order[k - 1]])) shard++;
    out[i] = shard;
  }
  return out;
}

/** A shard applied to a run: the masked catalogues to associate, and the filter for the output. */
export interface ShardPlan {
  shard: Shard;
  /** The catalogues with the other shards' primaries masked (no position); secondaries untouched. */
  catalogs: CatalogInput[];
  /** Shard (1..count) of every primary row. */
  shardOf: Int32Array;
  /** Number of this shard's primaries. */
  primaries: number;
}

/**
 * The hook a command uses to run one shard: associate `plan.catalogs` instead of `catalogs`, then pass
 * the output table and its primary-row column through `shardTable`.
 */
export function planShard(catalogs: CatalogInput[], options: AssociationOptions, shard: Shard): ShardPlan {
  if (shard.count > 1 && (options.mags ?? []).some((m) => !m.histogram))
    throw new UserError(
      'automatic flux/magnitude histograms need every primary at once; run unsharded, or give the histograms as files',
    );
  const prim = catalogs[0];
  const shardOf = shardOfPrimaries(prim.raDeg, prim.decDeg, shard.count);
  const ra = Float64Array.from(prim.raDeg);
  const dec = Float64Array.from(prim.decDeg);
  let primaries = 0;
  for (let i = 0; i < ra.length; i++) {
    if (shardOf[i] === shard.index) primaries++;
    else ra[i] = dec[i] = Number.NaN;
  }
  return { shard, catalogs: [{ ...prim, raDeg: ra, decDeg: dec }, ...catalogs.slice(1)], shardOf, primaries };
}

/**
 * Keeps the rows of the shard's primaries (`primaryRow[r]` = primary row of output row r), adds
 * PRIMARY_ROW_COLUMN and the SHARD = 'I/N' keyword. The output copies the primary's input columns, not
 * the masked positions, so the kept rows are those of the unsharded run.
 */
export function shardTable(plan: ShardPlan, table: Table, primaryRow: Int32Array): Table {
  const keep: number[] = [];
  for (let r = 0; r < primaryRow.length; r++) if (plan.shardOf[primaryRow[r]] === plan.shard.index) keep.push(r);
  const idx = Int32Array.from(keep);
  return table
    .take(idx)
    .withColumns([
      column(
        PRIMARY_ROW_COLUMN,
        Int32Array.from(idx, (r) => primaryRow[r]),
        { description: 'primary row (for mmassoc merge)' },
      ),
    ])
    .withMeta({ keywords: { ...(table.meta.keywords ?? {}), SHARD: `${plan.shard.index}/${plan.shard.count}` } });
}

export interface ShardResult {
  result: AssociationResult;
  /** The output rows of this shard's primaries, with PRIMARY_ROW_COLUMN appended. */
  table: Table;
  /** Number of this shard's primaries. */
  primaries: number;
}

/**
 * Runs one shard of `associate(catalogs, options)`.
 *
 * @example
 *   const parts = [1, 2, 3].map((index) => associateShard(cats, { radiusArcsec: 20 }, { index, count: 3 }).table);
 *   const whole = mergeShardTables(parts); // equals associate(cats, …).toTable()
 */
export function associateShard(catalogs: CatalogInput[], options: AssociationOptions, shard: Shard): ShardResult {
  const plan = planShard(catalogs, options, shard);
  const result = associate(plan.catalogs, options);
  return { result, table: shardTable(plan, result.toTable(), result.rows[0]), primaries: plan.primaries };
}
