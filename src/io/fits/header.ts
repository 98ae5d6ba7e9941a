import { fail } from '../../errors.js';
import type { KeywordValue } from '../../table/table.js';
import { BLOCK, CARD, type Card, CardError, parseCard } from './card.js';
import type { ByteSource } from './source.js';

/** One HDU's header: its cards (CONTINUE strings joined) and where its data lies in the file. */
export interface Header {
  /** 0 for the primary HDU. */
  readonly index: number;
  readonly cards: readonly Card[];
  readonly values: ReadonlyMap<string, KeywordValue>;
  /** Byte offset of the data (after the header's last block). */
  readonly dataOffset: number;
  /** Data bytes without padding: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn). */
  readonly dataBytes: number;
}

/** Headers beyond this are not FITS tables anyone writes; stop before reading a whole huge file as text. */
const MAX_HEADER_BYTES = 64 * BLOCK * 100;

export function hduLabel(h: { index: number; values: ReadonlyMap<string, KeywordValue> }): string {
  const name = h.values.get('EXTNAME');
  return `HDU ${h.index}${typeof name === 'string' && name !== '' ? ` (${name})` : h.index === 0 ? ' (PRIMARY)' : ''}`;
}

/**
 * Reads the header that starts at the source's current position. Returns null at the end of
 * the file (or at trailing bytes that are not an extension, which FITS readers ignore).
 */
export async function readHeader(src: ByteSource, index: number): Promise<Header | null> {
  const block = new Uint8Array(BLOCK);
  const cards: Card[] = [];
  const where = `HDU ${index}`;
  let cardNo = 0;
  let sawEnd = false;
  let first = true;
  let headerBytes = 0;
  while (!sawEnd) {
    const got = await src.read(block, 0, BLOCK);
    if (first) {
      const start = latin1(block, 0, Math.min(got, 10));
      if (index === 0) {
        if (got < CARD || start.slice(0, 9) !== 'SIMPLE  =')
          fail(src.path, "not a FITS file: it does not start with 'SIMPLE  ='; check the file or its extension");
      } else if (got === 0 || start.slice(0, 9) !== 'XTENSION=') {
        // The end of the file, or trailing bytes that are not an extension (FITS readers ignore them).
        return null;
      }
      first = false;
    }
    if (got < BLOCK) {
      fail(src.path, `${where}: header ends after ${cardNo} cards with no END card; the file is truncated or not FITS`);
    }
    headerBytes += BLOCK;
    if (headerBytes > MAX_HEADER_BYTES)
      fail(
        src.path,
        `${where}: no END card in the first ${MAX_HEADER_BYTES} bytes of the header; the file is not FITS`,
      );
    for (let off = 0; off < BLOCK; off += CARD) {
      cardNo++;
      const raw = latin1(block, off, CARD);
      if (raw.startsWith('END') && raw.slice(3).trim() === '') {
        sawEnd = true;
        break;
      }
      let card: Card;
      try {
        card = parseCard(raw);
      } catch (err) {
        if (err instanceof CardError)
          fail(
            src.path,
            `${where}, card ${cardNo} ('${printable(raw.slice(0, 8))}'): ${err.message}; fix or remove the card`,
          );
        throw err;
      }
      const prev = cards[cards.length - 1];
      if (card.keyword === 'CONTINUE' && prev && isOpenLongString(prev)) {
        // Long-string convention (FITS 4.0 §4.2.1.2): a string ending in '&' continues here.
        const piece = typeof card.value === 'string' ? card.value : '';
        const joined = (prev.value as string).slice(0, -1) + piece;
        cards[cards.length - 1] = {
          keyword: prev.keyword,
          value: joined,
          ...(prev.comment || card.comment ? { comment: [prev.comment, card.comment].filter(Boolean).join(' ') } : {}),
        };
        continue;
      }
      if (card.keyword === '' && card.value === undefined && (card.text ?? '').trim() === '') continue;
      cards.push(card);
    }
  }
  const values = new Map<string, KeywordValue>();
  for (const c of cards) if (c.value !== undefined && !values.has(c.keyword)) values.set(c.keyword, c.value);
  const dataOffset = src.position;
  const dataBytes = dataSize(src.path, index, values);
  return { index, cards, values, dataOffset, dataBytes };
}

function isOpenLongString(c: Card): boolean {
  return typeof c.value === 'string' && c.value.endsWith('&');
}

/** The value of an integer keyword that must be present and ≥ 0. */
export function requireCount(
  path: string,
  h: { index: number; values: ReadonlyMap<string, KeywordValue> },
  key: string,
): number {
  const v = h.values.get(key);
  if (typeof v === 'bigint') fail(path, `${hduLabel(h)}: ${key} = ${v} is absurdly large; the header is corrupt`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    fail(
      path,
      `${hduLabel(h)}: ${key} is ${v === undefined ? 'missing' : `'${String(v)}'`}; a non-negative integer is required`,
    );
  return v;
}

function dataSize(path: string, index: number, values: Map<string, KeywordValue>): number {
  const h = { index, values };
  const bitpix = values.get('BITPIX');
  if (![8, 16, 32, 64, -32, -64].includes(bitpix as number))
    fail(path, `${hduLabel(h)}: BITPIX is '${String(bitpix)}'; it must be 8, 16, 32, 64, -32 or -64`);
  const naxis = requireCount(path, h, 'NAXIS');
  if (naxis > 999) fail(path, `${hduLabel(h)}: NAXIS = ${naxis} is above 999`);
  if (naxis === 0) return 0;
  const groups = index === 0 && values.get('GROUPS') === true && values.get('NAXIS1') === 0;
  let n = 1;
  for (let i = groups ? 2 : 1; i <= naxis; i++) n *= requireCount(path, h, `NAXIS${i}`);
  const pcount = values.has('PCOUNT') ? requireCount(path, h, 'PCOUNT') : 0;
  const gcount = values.has('GCOUNT') ? requireCount(path, h, 'GCOUNT') : 1;
  const bytes = (Math.abs(bitpix as number) / 8) * gcount * (pcount + n);
  if (!Number.isSafeInteger(bytes))
    fail(path, `${hduLabel(h)}: data size ${bytes} bytes is absurd; the header is corrupt`);
  return bytes;
}

/** Bytes from the start of the data to the next HDU: the data padded to whole 2880-byte blocks. */
export function paddedSize(bytes: number): number {
  return Math.ceil(bytes / BLOCK) * BLOCK;
}

function latin1(b: Uint8Array, off: number, len: number): string {
  return Buffer.from(b.buffer, b.byteOffset + off, len).toString('latin1');
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').trimEnd();
}
