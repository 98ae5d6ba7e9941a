/**
 * Joins shard outputs (`shard.ts`) into the unsharded table: rows ordered by primary row (stable, so
 * each primary's rows keep their order), the PRIMARY_ROW_COLUMN removed.
 */
import { UserError } from '../errors.js';
import { columnWidth, concatTables, Table } from '../table/index.js';
import { PRIMARY_ROW_COLUMN } from './shard.js';

/** When the tables carry SHARD = 'I/N' keywords, every shard 1..N must be there exactly once. */
function checkShardSet(tables: Table[], names: string[]): void {
  const tags = tables.map((t) => t.meta.keywords?.SHARD);
  if (tags.every((x) => x === undefined)) return;
  let count = 0;
  const seen = new Map<number, string>();
  tags.forEach((tag, i) => {
    const m = typeof tag === 'string' ? /^(\d+)\/(\d+)$/.exec(tag) : null;
    if (!m) throw new UserError(`${names[i]}: no SHARD keyword; it is not the output of mmassoc match --shard`);
    const n = Number(m[2]);
    if (count === 0) count = n;
    if (n !== count)
      throw new UserError(`${names[i]}: shard ${tag} belongs to a run of ${n} shards, ${names[0]} to one of ${count}`);
    const prev = seen.get(Number(m[1]));
    if (prev !== undefined) throw new UserError(`${names[i]}: shard ${tag} is given twice (also ${prev})`);
    seen.set(Number(m[1]), names[i]);
  });
  const missing: number[] = [];
  for (let s = 1; s <= count; s++) if (!seen.has(s)) missing.push(s);
  if (missing.length > 0)
    throw new UserError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} of ${count} missing; give every shard output to merge (no primary may be lost)`,
    );
}

/**
 * Merges shard tables; `names` label them in error messages (file names).
 *
 * @example mergeShardTables([t1, t2, t3]).nrows // the unsharded row count
 */
export function mergeShardTables(tables: Table[], names: string[] = tables.map((_, i) => `shard ${i + 1}`)): Table {
  if (tables.length === 0) throw new UserError('merge needs at least one shard output');
  const first = tables[0];
  tables.forEach((t, i) => {
    if (!t.has(PRIMARY_ROW_COLUMN))
      throw new UserError(
        `${names[i]}: no column ${PRIMARY_ROW_COLUMN}; it is not the output of mmassoc match --shard`,
      );
    const a = t.names.join(',');
    if (a !== first.names.join(','))
      throw new UserError(
        `${names[i]}: its columns differ from those of ${names[0]}; merge the outputs of one sharded run only`,
      );
    t.columns.forEach((c, j) => {
      const c0 = first.columns[j];
      if (c.kind !== c0.kind || columnWidth(c) !== columnWidth(c0))
        throw new UserError(
          `${names[i]}: column ${c.name} is ${c.kind} but ${c0.kind} in ${names[0]}; merge the outputs of one sharded run only`,
        );
    });
  });
  checkShardSet(tables, names);
  const nrows = tables.map((t) => t.nrows);
  const merged = concatTables(first, tables).columns;
  const total = nrows.reduce((a, b) => a + b, 0);
  const key = merged[first.names.indexOf(PRIMARY_ROW_COLUMN)].data as Int32Array;
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => key[a] - key[b] || a - b);
  // Every primary must come from one shard only: its rows are contiguous after the sort.
  const owner = new Int32Array(total);
  let o = 0;
  nrows.forEach((n, s) => {
    owner.fill(s, o, o + n);
    o += n;
  });
  for (let k = 1; k < total; k++) {
    const a = order[k - 1];
    const b = order[k];
    if (key[a] === key[b] && owner[a] !== owner[b])
      throw new UserError(
        `${names[owner[b]]}: primary row ${key[b]} also appears in ${names[owner[a]]}; the shards overlap (mixed runs?)`,
      );
  }
  const keywords = { ...(first.meta.keywords ?? {}) };
  delete keywords.SHARD;
  const t = new Table(merged, { ...first.meta, keywords }, total).take(order);
  return t.select(t.names.filter((n) => n !== PRIMARY_ROW_COLUMN));
}
