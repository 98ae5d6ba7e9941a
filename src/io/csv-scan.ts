/**
 * Splits CSV bytes into records and fields (RFC 4180: fields may be quoted with `"`, a quote
 * inside a quoted field is doubled, quoted fields may hold delimiters and newlines). Records
 * end at `\n`, `\r\n` or `\r`. The scanner only records where each field starts and ends;
 * decoding is left to the caller so numeric columns are parsed from the bytes directly.
 */
import { fail } from '../errors.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class RecordScanner {
  /** Byte offset of the next record. */
  pos: number;
  /** Fields in the record just read (may exceed `capacity`; only the first `capacity` are recorded). */
  nfields = 0;
  /** Where the record just read started. */
  recordStart = 0;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** 1 = quoted, 2 = quoted with doubled quotes inside (needs unescaping), 0 = bare. */
  readonly quoted: Uint8Array;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly delimiter: number,
    readonly capacity: number,
    readonly fileName: string,
  ) {
    this.pos = start;
    this.starts = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
    this.quoted = new Uint8Array(capacity);
  }

  /** Skips blank lines; returns false at the end of the input. */
  atRecord(): boolean {
    const b = this.bytes;
    const n = b.length;
    let p = this.pos;
    while (p < n && (b[p] === LF || b[p] === CR)) p++;
    this.pos = p;
    return p < n;
  }

  /** True when the next record starts with `#` (a comment line, allowed before the header). */
  atComment(): boolean {
    return this.pos < this.bytes.length && this.bytes[this.pos] === 35;
  }

  skipLine(): void {
    const b = this.bytes;
    const n = b.length;
    let p = this.pos;
    while (p < n && b[p] !== LF && b[p] !== CR) p++;
    this.pos = p;
  }

  /** Reads one record starting at `pos` (call `atRecord` first). */
  next(): void {
    const b = this.bytes;
    const n = b.length;
    const delim = this.delimiter;
    const cap = this.capacity;
    let p = this.pos;
    this.recordStart = p;
    let f = 0;
    for (;;) {
      let s = p;
      let e: number;
      let q = 0;
      if (p < n && b[p] === QUOTE) {
        q = 1;
        p++;
        s = p;
        for (;;) {
          if (p >= n) fail(this.fileName, `line ${lineOf(b, s)}: a quoted field is never closed; add the closing '"'`);
          if (b[p] === QUOTE) {
            if (p + 1 < n && b[p + 1] === QUOTE) {
              q = 2;
              p += 2;
              continue;
            }
            break;
          }
          p++;
        }
        e = p;
        p++;
        if (p < n && b[p] !== delim && b[p] !== LF && b[p] !== CR)
          fail(
            this.fileName,
            `line ${lineOf(b, p)}: text after the closing quote of field ${f + 1}; double any '"' inside a quoted field`,
          );
      } else {
        while (p < n) {
          const c = b[p];
          if (c === delim || c === LF || c === CR) break;
          p++;
        }
        e = p;
      }
      if (f < cap) {
        this.starts[f] = s;
        this.ends[f] = e;
        this.quoted[f] = q;
      }
      f++;
      if (p < n && b[p] === delim) {
        p++;
        continue;
      }
      if (p < n) {
        if (b[p] === CR && p + 1 < n && b[p + 1] === LF) p += 2;
        else p++;
      }
      break;
    }
    this.nfields = f;
    this.pos = p;
  }
}

/**
 * For a quoted field whose opening quote is at p: the index of its closing quote. Fails when the
 * quote is never closed or when text follows the closing quote (field number `f`, 1-based). With
 * `final` false (a block that the next block continues), an unclosed quote returns -1 instead.
 */
export function closingQuote(
  b: Uint8Array,
  p: number,
  delim: number,
  f: number,
  file: string,
  final = true,
  lineAt: (pos: number) => number = (pos) => lineOf(b, pos),
): number {
  const n = b.length;
  let i = p + 1;
  for (;;) {
    if (i >= n) {
      // In a block of a larger file the field may go on in the next block.
      if (!final) return -1;
      fail(file, `line ${lineAt(p + 1)}: a quoted field is never closed; add the closing '"'`);
    }
    if (b[i] === QUOTE) {
      if (i + 1 < n && b[i + 1] === QUOTE) {
        i += 2;
        continue;
      }
      break;
    }
    i++;
  }
  const after = i + 1;
  if (after < n && b[after] !== delim && b[after] !== LF && b[after] !== CR)
    fail(
      file,
      `line ${lineAt(after)}: text after the closing quote of field ${f}; double any '"' inside a quoted field`,
    );
  return i;
}

/** 1-based physical line number of byte offset `pos`, for error messages. */
export function lineOf(b: Uint8Array, pos: number): number {
  let line = 1;
  const end = Math.min(pos, b.length);
  for (let i = 0; i < end; i++) if (b[i] === LF) line++;
  return line;
}
