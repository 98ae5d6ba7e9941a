import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fail } from '../errors.js';

/** The table formats mmassoc reads (all) and writes (all but VOTable). */
export type Format = 'fits' | 'csv' | 'tsv' | 'parquet' | 'arrow' | 'votable';

export const FORMATS: readonly Format[] = ['fits', 'csv', 'tsv', 'parquet', 'arrow', 'votable'];

const BY_EXTENSION: [RegExp, Format][] = [
  [/\.(fits|fit|fts)(\.gz)?$/i, 'fits'],
  [/\.csv(\.gz)?$/i, 'csv'],
  [/\.(tsv|tab)(\.gz)?$/i, 'tsv'],
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(arrow|feather|ipc|arrows)$/i, 'arrow'],
  [/\.(vot|votable|xml)(\.gz)?$/i, 'votable'],
];

/** The format a file name implies, or undefined when its extension says nothing. */
export function formatFromExtension(path: string): Format | undefined {
  for (const [re, f] of BY_EXTENSION) if (re.test(path)) return f;
  return undefined;
}

/**
 * The format of an existing file: by extension, else by its first bytes (FITS 'SIMPLE  =',
 * Parquet 'PAR1', Arrow 'ARROW1' or an IPC stream, XML/VOTABLE, gzip of any of these, else text).
 *
 * @example detectFormat('cat.fits.gz') // 'fits'
 */
export function detectFormat(path: string): Format {
  return formatFromExtension(path) ?? sniffFormat(path);
}

/** The format to write `path` in: by extension only, since the file does not exist yet. */
export function outputFormat(path: string): Format {
  const f = formatFromExtension(path);
  if (!f)
    fail(
      path,
      'cannot tell the output format from the extension; use .fits, .csv, .tsv, .parquet or .arrow (or pass a format)',
    );
  return f;
}

function sniffFormat(path: string): Format {
  let head = readHead(path, 4096);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    try {
      // Only the first bytes are needed; a partial inflate of the head block is enough.
      head = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH */ }).subarray(0, 4096);
    } catch {
      fail(path, 'the file is gzip-compressed but its start cannot be inflated; it is corrupt');
    }
  }
  const text = Buffer.from(head).toString('latin1');
  if (text.startsWith('SIMPLE  =')) return 'fits';
  if (text.startsWith('PAR1')) return 'parquet';
  if (
    text.startsWith('ARROW1') ||
    (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff)
  )
    return 'arrow';
  const trimmed = text.replace(/^\uFEFF?\s*/, '');
  if (trimmed.startsWith('<?xml') || /^<(VOTABLE|vot:VOTABLE)\b/i.test(trimmed)) return 'votable';
  if (head.includes(0)) fail(path, 'unknown binary format; use a .fits, .parquet, .arrow, .csv or .vot file');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

function readHead(path: string, n: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    fail(path, `cannot open: ${(err as NodeJS.ErrnoException).code ?? String(err)}; check the path`);
  }
  try {
    if (fstatSync(fd).isDirectory()) fail(path, 'is a folder, not a file; give the path of a table file');
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
