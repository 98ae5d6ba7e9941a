import { closeSync, createReadStream, createWriteStream, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { fail } from '../../errors.js';
import type { Table } from '../../table/table.js';
import { activeTemps, syncBeforeRename, tempPathFor, writeAtomically } from '../atomic.js';
import { BLOCK, CARD, CardError, END_CARD, formatCards, formatCommentary } from './card.js';
import { encodeField } from './encode.js';
import { type PlanOptions, planFields, type WriteField } from './plan.js';
import { isStructuralKeyword } from './tform.js';

export interface FitsWriterOptions extends PlanOptions {
  /** EXTNAME of the table HDU (default: the table's meta.name). */
  extname?: string;
}

/** A FITS file being written chunk by chunk; nothing appears at `path` until `close()`. */
export interface FitsWriter {
  /** Appends the chunk's rows; its columns must match the schema table's names and kinds. */
  write(chunk: Table): Promise<void>;
  /** Patches NAXIS2, pads the last block, and moves the file into place. */
  close(): Promise<void>;
  /** Removes the temporary file. */
  abort(): void;
}

const ENCODE_BYTES = 8 << 20;

/**
 * Writes a table as a FITS file (an empty primary HDU, then one BINTABLE per table), through a
 * temporary file renamed into place. Data is encoded in 8 MB blocks, never as a whole-file buffer.
 *
 * @example
 *   await writeFits('out.fits', table);
 *   await writeFits('two.fits', [catalogue, fields]);
 */
export async function writeFits(
  path: string,
  tables: Table | readonly Table[],
  opts: FitsWriterOptions = {},
): Promise<void> {
  if (/\.gz$/i.test(path)) return writeGzipped(path, tables, opts);
  const list = Array.isArray(tables) ? (tables as readonly Table[]) : [tables as Table];
  const out = new TempFile(path);
  try {
    out.append(primaryHeader());
    for (const t of list) {
      const plan = planFields(path, t, opts);
      const header = bintableHeader(
        path,
        t,
        plan.fields,
        plan.rowBytes,
        t.nrows,
        list.length === 1 ? opts.extname : undefined,
      );
      out.append(header);
      writeRows(path, out, plan.fields, plan.rowBytes, t.nrows);
      out.pad(0);
    }
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
}

/** `.fits.gz`: the FITS file is written to a temporary file, then gzipped (streamed) into place. */
async function writeGzipped(path: string, tables: Table | readonly Table[], opts: FitsWriterOptions): Promise<void> {
  await writeAtomically(path, async (tmp) => {
    const raw = `${tmp}.fits`;
    activeTemps.add(raw);
    try {
      await writeFits(raw, tables, opts);
      await pipeline(createReadStream(raw), createGzip(), createWriteStream(tmp));
    } finally {
      rmSync(raw, { force: true });
      activeTemps.delete(raw);
    }
  });
}

/**
 * Opens a streaming FITS writer: the header is planned from `schema` (the first chunk, or any
 * table with the same columns; its rows are not written by this call, pass it to `write` too),
 * rows are appended with `write`, and NAXIS2 is patched at `close`.
 *
 * @example
 *   const w = await createFitsWriter('big.fits', first);
 *   for await (const chunk of chunks) await w.write(chunk);
 *   await w.close();
 */
export async function createFitsWriter(path: string, schema: Table, opts: FitsWriterOptions = {}): Promise<FitsWriter> {
  const plan = planFields(path, schema, { nullableIntegers: true, ...opts });
  const out = new TempFile(path);
  let rows = 0;
  let naxis2At = 0;
  const slot: BufferSlot = {};
  try {
    out.append(primaryHeader());
    naxis2At = out.size + 4 * CARD; // NAXIS2 is the fifth mandatory card
    out.append(bintableHeader(path, schema, plan.fields, plan.rowBytes, 0, opts.extname));
  } catch (err) {
    out.abort();
    throw err;
  }
  let done = false;
  return {
    async write(chunk: Table): Promise<void> {
      if (done) throw new Error('FITS writer is closed');
      try {
        const fields = plan.fields.map((f) => ({ ...f, column: matchColumn(path, chunk, f) }));
        writeRows(path, out, fields, plan.rowBytes, chunk.nrows, rows, slot);
        rows += chunk.nrows;
      } catch (err) {
        done = true;
        out.abort();
        throw err;
      }
    },
    async close(): Promise<void> {
      if (done) return;
      done = true;
      try {
        out.pad(0);
        out.patch(naxis2At, formatCards('NAXIS2', rows, 'length of dimension 2')[0]);
        out.commit();
      } catch (err) {
        out.abort();
        throw err;
      }
    },
    abort(): void {
      if (!done) out.abort();
      done = true;
    },
  };
}

function matchColumn(path: string, chunk: Table, f: WriteField): WriteField['column'] {
  const c = chunk.get(f.column.name);
  if (!c) fail(path, `chunk has no column '${f.column.name}'; every chunk needs the schema's columns`);
  if (c.kind !== f.column.kind || c.shape.join(',') !== f.column.shape.join(','))
    fail(
      path,
      `column '${c.name}' is ${c.kind}[${c.shape}] in this chunk but ${f.column.kind}[${f.column.shape}] in the schema`,
    );
  return c;
}

/** The encode buffer of a streaming writer, kept across chunks (fresh memory costs page faults). */
interface BufferSlot {
  buf?: Uint8Array;
}

function writeRows(
  path: string,
  out: TempFile,
  fields: readonly WriteField[],
  rowBytes: number,
  nrows: number,
  rowBase = 0,
  slot: BufferSlot = {},
): void {
  if (rowBytes === 0 || nrows === 0) return;
  const chunkRows = Math.max(1, Math.min(nrows, Math.floor(ENCODE_BYTES / rowBytes)));
  if (slot.buf === undefined || slot.buf.length < chunkRows * rowBytes) slot.buf = new Uint8Array(chunkRows * rowBytes);
  const buf = slot.buf;
  for (let row = 0; row < nrows; row += chunkRows) {
    const n = Math.min(chunkRows, nrows - row);
    for (const f of fields) encodeField(path, f, buf, rowBytes, n, row, rowBase);
    out.append(buf.subarray(0, n * rowBytes));
  }
}

function primaryHeader(): Uint8Array {
  return headerBytes([
    ...formatCards('SIMPLE', true, 'conforms to FITS standard'),
    ...formatCards('BITPIX', 8, 'array data type'),
    ...formatCards('NAXIS', 0, 'number of array dimensions'),
    ...formatCards('EXTEND', true),
  ]);
}

/** The BINTABLE header: mandatory keywords in the order of FITS 4.0 §7.3.1, then columns, then content keywords. */
function bintableHeader(
  path: string,
  t: Table,
  fields: readonly WriteField[],
  rowBytes: number,
  nrows: number,
  extname?: string,
): Uint8Array {
  const cards: string[] = [
    ...formatCards('XTENSION', 'BINTABLE', 'binary table extension'),
    ...formatCards('BITPIX', 8, 'array data type'),
    ...formatCards('NAXIS', 2, 'number of array dimensions'),
    ...formatCards('NAXIS1', rowBytes, 'length of dimension 1'),
    ...formatCards('NAXIS2', nrows, 'length of dimension 2'),
    ...formatCards('PCOUNT', 0, 'number of group parameters'),
    ...formatCards('GCOUNT', 1, 'number of groups'),
    ...formatCards('TFIELDS', fields.length, 'number of table fields'),
  ];
  fields.forEach((f, i) => {
    const n = i + 1;
    try {
      cards.push(...formatCards(`TTYPE${n}`, f.column.name), ...formatCards(`TFORM${n}`, f.tform));
      for (const [stem, value] of f.keywords)
        cards.push(...formatCards(`${stem}${n}`, value, undefined, stem === 'TSCAL'));
    } catch (err) {
      if (err instanceof CardError) fail(path, `column '${f.column.name}': ${err.message}`);
      throw err;
    }
  });
  const name = extname ?? t.meta.name;
  if (name && /^[\x20-\x7e]+$/.test(name)) cards.push(...formatCards('EXTNAME', name, 'extension name'));
  if (t.meta.skyAreaDeg2 !== undefined && Number.isFinite(t.meta.skyAreaDeg2))
    cards.push(...formatCards('SKYAREA', t.meta.skyAreaDeg2, 'sky area in square degrees', true));
  const comments = t.meta.keywordComments ?? {};
  for (const [key, value] of Object.entries(t.meta.keywords ?? {})) {
    if (isStructuralKeyword(key.toUpperCase(), Number.POSITIVE_INFINITY) || key === 'SKYAREA' || key === 'CONTINUE')
      continue;
    try {
      if ((key === 'COMMENT' || key === 'HISTORY' || key === '') && typeof value === 'string') {
        for (const line of value.split('\n')) cards.push(...formatCommentary(key, line));
      } else cards.push(...formatCards(key, value, comments[key]));
    } catch (err) {
      // Keywords FITS cannot hold (non-ASCII text, NaN) are left out rather than failing the write.
      if (!(err instanceof CardError)) throw err;
    }
  }
  return headerBytes(cards);
}

function headerBytes(cards: string[]): Uint8Array {
  const text = [...cards, END_CARD].join('');
  const size = Math.ceil(text.length / BLOCK) * BLOCK;
  return Buffer.from(text.padEnd(size, ' '), 'latin1');
}

/** Sequential writes to a temporary sibling file, renamed over `path` on commit. */
class TempFile {
  readonly tmp: string;
  private readonly fd: number;
  size = 0;
  private open = true;

  constructor(readonly path: string) {
    this.tmp = tempPathFor(path);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (err) {
      fail(
        path,
        `cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}; check that the folder exists and is writable`,
      );
    }
    activeTemps.add(this.tmp);
  }

  append(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off, this.size + off);
    this.size += bytes.length;
  }

  /** Pads to a whole 2880-byte block with `fill` (zeros after data, spaces after a header). */
  pad(fill: number): void {
    const rem = this.size % BLOCK;
    if (rem !== 0) this.append(new Uint8Array(BLOCK - rem).fill(fill));
  }

  patch(at: number, card: string): void {
    const bytes = Buffer.from(card, 'latin1');
    writeSync(this.fd, bytes, 0, bytes.length, at);
  }

  commit(): void {
    syncBeforeRename(this.fd);
    closeSync(this.fd);
    this.open = false;
    renameSync(this.tmp, this.path);
    activeTemps.delete(this.tmp);
  }

  abort(): void {
    if (this.open) closeSync(this.fd);
    this.open = false;
    rmSync(this.tmp, { force: true });
    activeTemps.delete(this.tmp);
  }
}
