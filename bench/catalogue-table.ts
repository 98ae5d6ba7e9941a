// The seeded catalogue-like table the I/O benchmarks write and read (bench/io.bench.ts,
// bench/csv-write.bench.ts): 6 float64 columns at full precision (RA, Dec, flux, flux error,
// position error, z), the same bytes on every run.
import { RandomStream } from '../src/random/index.js';
import { column } from '../src/table/column.js';
import { Table } from '../src/table/table.js';

export function benchCatalogue(n: number): Table {
  const rng = new RandomStream(20261125, 2);
  const names = ['ra', 'dec', 'flux', 'flux_err', 'pos_err', 'z'];
  const cols = names.map(() => new Float64Array(n));
  const [ra, dec, flux, fluxErr, posErr, z] = cols;
  for (let i = 0; i < n; i++) {
    ra[i] = 360 * rng.uniform();
    dec[i] = (Math.asin(2 * rng.uniform() - 1) * 180) / Math.PI;
    flux[i] = 10 ** (3 * rng.uniform() - 1);
    fluxErr[i] = 0.1 + rng.uniform();
    posErr[i] = 1 + 9 * rng.uniform();
    z[i] = 5 * rng.uniform();
  }
  return new Table(
    names.map((name, c) => column(name, cols[c])),
    { name: 'BENCH', skyAreaDeg2: 41252.96 },
  );
}
