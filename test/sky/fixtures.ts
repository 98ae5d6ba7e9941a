// Reads the healpy/astropy fixtures in ../shared/reference/fixtures (CRLF line ends) as string rows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURES = resolve(process.cwd(), '../shared/reference/fixtures');

/** Rows of a fixture CSV as objects keyed by the header's column names (values kept as text). */
export function readFixture(name: string): Record<string, string>[] {
  const lines = readFileSync(resolve(FIXTURES, name), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = cells[i];
    });
    return row;
  });
}
