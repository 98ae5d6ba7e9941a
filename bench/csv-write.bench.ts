// CSV write benchmark: writeCsv of a seeded table of 6 float64 columns (the table of
// bench/io.bench.ts: catalogue-like values at full precision). Prints wall and CPU seconds of the
// write, rows per second of each, and the process's peak RSS (table included).
//
// Usage: node --import tsx bench/csv-write.bench.ts [rows=1e7] [dir=$TMPDIR] [repeats=1]
//        (with `/usr/bin/time -v` in front for the kernel's view of peak RSS)
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCsv } from '../src/io/csv.js';
import { benchCatalogue } from './catalogue-table.js';

const rows = Number(process.argv[2] ?? 1e7);
const dir = join(process.argv[3] || tmpdir(), `mmassoc-csv-write-bench-${process.pid}`);
const repeats = Number(process.argv[4] ?? 1);
mkdirSync(dir, { recursive: true });

const table = benchCatalogue(rows);
const path = join(dir, 'bench.csv');
try {
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    writeCsv(path, table);
    const c = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    const cpu = (c.user + c.system) / 1e6;
    console.log(
      `CSV write ${rows} rows x 6 float64: ${(statSync(path).size / 1e6).toFixed(0)} MB, wall ${wall.toFixed(2)} s ` +
        `(${Math.round(rows / wall)} rows/s), CPU ${cpu.toFixed(2)} s (user ${(c.user / 1e6).toFixed(2)}, ` +
        `system ${(c.system / 1e6).toFixed(2)}; ${Math.round(rows / cpu)} rows/CPU s)`,
    );
  }
  console.log(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (table ${((rows * 48) / 1e6).toFixed(0)} MB)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
