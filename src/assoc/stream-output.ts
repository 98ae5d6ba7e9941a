/**
 * Writes an association to FITS while it is computed: chunks of whole groups from
 * `associateChunked` are gathered into NWAY's output layout and appended as they come, so neither
 * the output columns nor the engine's rows ever exist whole. The header is planned as `writeFits`
 * would plan it for the whole table: every choice it makes (string widths, TNULL, scaling) depends
 * only on the set of values in a column, so a small stand-in table holding every input row that
 * appears (plus the absent marker) gives the same header, and the file is byte-identical.
 */
import { createFitsWriter } from '../io/fits/index.js';
import type { TableMeta } from '../table/index.js';
import type { ChunkedAssociation } from './engine-chunked.js';
import { pairList } from './enumerate.js';
import { resultToTable } from './result-table.js';
import type { AssociationColumns, CatalogInput } from './types.js';

/** Columns with every value the output will hold, for planning the header (not written). */
function standIn(assoc: ChunkedAssociation, catalogs: CatalogInput[]): AssociationColumns {
  const k = catalogs.length;
  const used = catalogs.map((_, c) => assoc.usedRows(c));
  // Secondaries are absent in every group's no-counterpart row; the primary never is.
  const m = assoc.nrows === 0 ? 0 : Math.max(...used.map((u, c) => u.length + (c > 0 ? 1 : 0)));
  const rows = used.map((u, c) => {
    const out = new Int32Array(m).fill(-1);
    out.set(u);
    // Padding repeats a value already present (a row, or the absent marker): the set is unchanged.
    if (c === 0 && u.length > 0) out.fill(u[u.length - 1], u.length);
    return out;
  });
  const f64 = () => new Float64Array(m);
  return {
    nrows: m,
    rows,
    pairs: pairList(k),
    separationArcsec: pairList(k).map(f64),
    separationMaxArcsec: f64(),
    ncat: new Int16Array(m),
    logBayesFactor: f64(),
    logBayesFactorCorrected: f64(),
    distPost: f64(),
    bias: [],
    pSingle: f64(),
    pAny: f64(),
    pI: f64(),
    matchFlag: new Int16Array(m),
    covered: catalogs.map((c) => (c.coverage ? new Uint8Array(m) : undefined)),
  };
}

/**
 * Runs `assoc` and writes its rows to the FITS file `path` (atomically: nothing appears there
 * before the last row is written). `catalogs[c].table` must hold every column for output.
 * Returns the number of rows written.
 */
export async function writeAssociationFits(
  path: string,
  assoc: ChunkedAssociation,
  catalogs: CatalogInput[],
  meta: Partial<TableMeta>,
  chunkRows?: number,
): Promise<number> {
  const shape = { catalogs, corrected: assoc.corrected, biasNames: [] };
  const schema = resultToTable({ ...standIn(assoc, catalogs), ...shape }).withMeta(meta);
  // Integer columns get a TNULL only where writeFits would give one (it sees the whole table).
  const writer = await createFitsWriter(path, schema, { nullableIntegers: false });
  const pending: Promise<void>[] = [];
  let written = 0;
  try {
    // write() is synchronous underneath (its promise settles at once): rows go out in order.
    assoc.run((chunk) => {
      written += chunk.nrows;
      pending.push(writer.write(resultToTable({ ...chunk, ...shape })));
    }, chunkRows);
    await Promise.all(pending);
  } catch (err) {
    writer.abort();
    throw err;
  }
  await writer.close();
  return written;
}
