import type { HduSelector } from '../../io/index.js';

/** `--hdu 2` selects by index, `--hdu CATALOG` by EXTNAME. */
export function parseHdu(value: string | undefined): HduSelector | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}
