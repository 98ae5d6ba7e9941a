// The 81 SPT-DSFG redshifts of Reuter et al. 2020 (test/fixtures/reuter2020-spt-dsfg-redshifts.tsv;
// provenance in the file's header), for test/model/dsfg-redshift.test.ts and bench/model-param-scan.ts.
import { readFileSync } from 'node:fs';

/** Column 1: the redshifts as used in the paper; `current`: the current release (SPT0452-50 at z = 5.016). */
export function reuterRedshifts(current = false): number[] {
  const text = readFileSync(new URL('../fixtures/reuter2020-spt-dsfg-redshifts.tsv', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('SPT'))
    .map((l) => Number(l.split('\t')[current ? 2 : 1]));
}
