/**
 * Reads a CSV file block by block, so that peak memory is the output columns plus one block (and
 * the text of text columns), not the whole file. Gzipped input is inflated in memory first:
 * Node's zlib offers no synchronous streaming interface, and `readCsv` is synchronous.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fail, UserError } from '../errors.js';
import type { Table } from '../table/table.js';
import { CsvAccumulator, parseCsvBytes } from './csv-parse.js';

const LF = 10;
const CR = 13;

/** Block size: large enough that per-block overhead vanishes, small next to 10⁷-row columns. */
export const CSV_BLOCK_BYTES = 16 << 20;

export function readCsvFile(path: string, delimiter: string, blockBytes = CSV_BLOCK_BYTES): Table {
  let fd: number;
  try {
    if (statSync(path).isDirectory())
      fail(path, 'cannot read the file (EISDIR): it is a folder; give the path of a CSV file');
    fd = openSync(path, 'r');
  } catch (err) {
    if (err instanceof UserError) throw err;
    fail(path, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const size = fstatSync(fd).size;
    const magic = Buffer.alloc(2);
    const got = size >= 2 ? readSync(fd, magic, 0, 2, 0) : 0;
    if (got === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
      let bytes: Buffer;
      try {
        bytes = gunzipSync(readAll(fd, size));
      } catch {
        fail(path, 'the gzip stream is corrupt or truncated; re-download or re-compress the file');
      }
      return parseCsvBytes(bytes, { delimiter, fileName: path });
    }
    return readBlocks(fd, path, delimiter, size, blockBytes);
  } finally {
    closeSync(fd);
  }
}

function readBlocks(fd: number, path: string, delimiter: string, size: number, blockBytes: number): Table {
  const acc = new CsvAccumulator({ delimiter, fileName: path }, size);
  const lineAt = (pos: number) => countLines(fd, pos);
  let buf = Buffer.allocUnsafe(Math.max(1, Math.min(blockBytes, size)));
  // buf[0, len) holds unparsed bytes starting at absolute offset `base`.
  let len = 0;
  let base = 0;
  let eof = false;
  while (!eof || len > 0) {
    if (!eof) {
      if (len === buf.length) {
        // A record longer than the block (or no line break yet): grow rather than fail.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, base + len);
      if (n === 0) eof = true;
      len += n;
    }
    let cut = len;
    if (!eof) {
      cut = buf.lastIndexOf(LF, len - 1) + 1;
      if (cut === 0) cut = buf.lastIndexOf(CR, len - 1) + 1;
      if (cut === 0) continue;
    }
    if (base === 0 && cut === 0) fail(path, 'the file is empty; a CSV needs a header row of column names');
    const used = acc.feed(buf.subarray(0, cut), base, eof, lineAt);
    if (eof) break;
    buf.copy(buf, 0, used, len);
    len -= used;
    base += used;
  }
  return acc.finish({
    read: (s, e) => {
      const out = Buffer.allocUnsafe(e - s);
      let off = 0;
      while (off < out.length) {
        const n = readSync(fd, out, off, out.length - off, s + off);
        if (n === 0) fail(path, 'the file shrank while it was read; read it again when nothing writes to it');
        off += n;
      }
      return out;
    },
  });
}

function readAll(fd: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let off = 0;
  while (off < size) {
    const n = readSync(fd, out, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return out.subarray(0, off);
}

/** 1-based line number of byte `pos` (only for error messages, so a re-read is fine). */
function countLines(fd: number, pos: number): number {
  const block = Buffer.allocUnsafe(1 << 20);
  let line = 1;
  let off = 0;
  while (off < pos) {
    const n = readSync(fd, block, 0, Math.min(block.length, pos - off), off);
    if (n === 0) break;
    for (let i = 0; i < n; i++) if (block[i] === LF) line++;
    off += n;
  }
  return line;
}
