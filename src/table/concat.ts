/** Row-wise concatenation of tables with the same columns (tile pieces, shard outputs). */
import { allocate, type Column, type ColumnData, columnWidth } from './column.js';
import { Table } from './table.js';

function concatData(kind: Column['kind'], parts: ColumnData[], total: number): ColumnData {
  if (kind === 'str') return ([] as string[]).concat(...(parts as string[][]));
  const out = allocate(kind, total) as Exclude<ColumnData, string[]>;
  let o = 0;
  for (const p of parts as Exclude<ColumnData, string[]>[]) {
    (out as Float64Array).set(p as Float64Array, o);
    o += p.length;
  }
  return out;
}

/**
 * Concatenates `parts` (same column names and kinds, in order); columns take their name, unit,
 * description and meta from `schema`, so that a table read back from tile files carries the input's
 * column metadata exactly.
 */
export function concatTables(schema: Table, parts: Table[]): Table {
  const nrows = parts.reduce((s, t) => s + t.nrows, 0);
  const columns: Column[] = schema.columns.map((sc, j) => {
    const cols = parts.map((t) => t.columns[j]);
    const w = columnWidth(sc);
    const data = concatData(
      sc.kind,
      cols.map((c) => c.data),
      nrows * w,
    );
    let nulls: Uint8Array | undefined;
    if (cols.some((c) => c.nulls)) {
      nulls = new Uint8Array(nrows);
      let o = 0;
      parts.forEach((t, i) => {
        const m = cols[i].nulls;
        if (m) nulls?.set(m, o);
        o += t.nrows;
      });
    }
    const { nulls: _schemaNulls, data: _schemaData, ...rest } = sc;
    return { ...rest, data, ...(nulls ? { nulls } : {}) };
  });
  return new Table(columns, schema.meta, nrows);
}
