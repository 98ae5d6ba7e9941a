import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Shared reference data (../shared/reference from the repository root). */
export const REF = resolve(process.cwd(), '../shared/reference');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mmassoc-fits-'));
}

/** The 80-character cards of a FITS file, block by block, as text. */
export function cardsOf(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i + 80 <= bytes.length; i += 80) out.push(Buffer.from(bytes.subarray(i, i + 80)).toString('latin1'));
  return out;
}

/** A copy of `bytes` with the card of `keyword` (in the HDU starting at `from`) replaced by `card`. */
export function replaceCard(bytes: Uint8Array, keyword: string, card: string, from = 0): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = from; i + 80 <= out.length; i += 80) {
    if (
      Buffer.from(out.subarray(i, i + 8))
        .toString('latin1')
        .trimEnd() === keyword
    ) {
      out.set(Buffer.from(card.padEnd(80).slice(0, 80), 'latin1'), i);
      return out;
    }
  }
  throw new Error(`no card ${keyword}`);
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
