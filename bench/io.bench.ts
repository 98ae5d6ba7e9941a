// I/O benchmark (issue 2, acceptance 5): write and read a generated table of 6 float64 columns in
// FITS, CSV and Parquet; MB/s, rows/s and the peak RSS of each read (each read runs in a fresh
// child process, after the file has been read once so that it comes from the page cache).
// Rates are from wall-clock time; the CPU seconds beside them show how much of it the process
// actually ran (on a loaded machine the two differ a lot). Large FITS and CSV reads use a helper
// thread, so the process's CPU time exceeds its critical path: the main thread's CPU seconds (and
// the rates over them) estimate the wall time on an idle machine with a core per thread.
//
// Usage: node --import tsx bench/io.bench.ts [rows=1e7] [dir=$TMPDIR] [formats=fits,csv,parquet]
//        npm run bench -- io
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCsv } from '../src/io/csv.js';
import { writeFits } from '../src/io/fits/index.js';
import { writeParquet } from '../src/io/parquet.js';
import { benchCatalogue } from './catalogue-table.js';

const rows = Number(process.argv[2] ?? 1e7);
const dir = join(process.argv[3] || tmpdir(), `mmassoc-io-bench-${process.pid}`);
const only = (process.argv[4] ?? 'fits,csv,parquet').toLowerCase().split(',');
mkdirSync(dir, { recursive: true });

function warm(path: string): void {
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(16 << 20);
  while (readSync(fd, buf) > 0);
  closeSync(fd);
}

interface ReadResult {
  seconds: number;
  cpuSeconds: number;
  /** The main thread's share: with helper threads, the estimate of the wall time on an idle machine. */
  mainCpuSeconds: number;
  rows: number;
  checksum: number;
  maxRssBytes: number;
}

function readInChild(mode: string, path: string): ReadResult {
  if (mode !== 'none') warm(path);
  // IO_BENCH_CHILD names a prebuilt child script (a bundle run without tsx, e.g. on a machine
  // without node_modules); by default the TypeScript child runs through tsx.
  const child = process.env.IO_BENCH_CHILD;
  const r = spawnSync(
    process.execPath,
    child ? [child, mode, path] : ['--import', 'tsx', join(import.meta.dirname, 'io-read-child.ts'), mode, path],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`read child (${mode}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ReadResult;
}

const MB = 1e6;
const dataBytes = rows * 6 * 8;
const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const lines: string[] = [];
const log = (s: string) => {
  lines.push(s);
  console.log(s);
};

console.error(`generating ${fmt(rows)} rows × 6 float64 columns (${fmt(dataBytes / MB)} MB of data) in ${dir}`);
const table = benchCatalogue(rows);
const baseline = readInChild('none', '');

log(
  `rows: ${fmt(rows)}, data: ${fmt(dataBytes / MB)} MB; child-process baseline RSS (node + tsx, no read): ${fmt(baseline.maxRssBytes / MB)} MB`,
);
log('');
log(
  '| format | operation | seconds | CPU s | main-thread CPU s | file MB | MB/s (file) | rows/s | MB/s, rows/s (main-thread CPU) | peak RSS MB | peak RSS / data | (peak − baseline) / data |',
);
log('|---|---|---|---|---|---|---|---|---|---|---|---|');

const files: { format: string; path: string; write: () => Promise<void> | void; reads: string[] }[] = [
  {
    format: 'FITS',
    path: join(dir, 'bench.fits'),
    write: () => writeFits(join(dir, 'bench.fits'), table),
    reads: ['fits', 'fits-stream'],
  },
  { format: 'CSV', path: join(dir, 'bench.csv'), write: () => writeCsv(join(dir, 'bench.csv'), table), reads: ['csv'] },
  {
    format: 'Parquet',
    path: join(dir, 'bench.parquet'),
    write: () => writeParquet(join(dir, 'bench.parquet'), table),
    reads: ['parquet'],
  },
];

let expected: number | undefined;
for (const f of files.filter((x) => only.includes(x.format.toLowerCase()))) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await f.write();
  const ws = (performance.now() - t0) / 1000;
  const wc = process.cpuUsage(c0);
  const size = statSync(f.path).size;
  log(
    `| ${f.format} | write | ${fmt(ws, 2)} | ${fmt((wc.user + wc.system) / 1e6, 2)} | – | ${fmt(size / MB)} | ${fmt(size / MB / ws)} | ${fmt(rows / ws)} | – | – | – | – |`,
  );
  for (const mode of f.reads) {
    const r = readInChild(mode, f.path);
    if (r.rows !== rows) throw new Error(`${mode}: read ${r.rows} rows, wrote ${rows}`);
    expected ??= r.checksum;
    // Chunked reads sum in another order, so allow rounding differences.
    if (Math.abs(r.checksum - expected) > 1e-9 * Math.abs(expected))
      throw new Error(`${mode}: checksum ${r.checksum} differs from ${expected}`);
    const op = mode === 'fits-stream' ? 'read (streamFits, chunks)' : 'read (whole table)';
    log(
      `| ${f.format} | ${op} | ${fmt(r.seconds, 2)} | ${fmt(r.cpuSeconds, 2)} | ${fmt(r.mainCpuSeconds, 2)} | ${fmt(size / MB)} | ${fmt(size / MB / r.seconds)} | ${fmt(rows / r.seconds)} | ${fmt(size / MB / r.mainCpuSeconds)}, ${fmt(rows / r.mainCpuSeconds)} | ${fmt(r.maxRssBytes / MB)} | ${fmt(r.maxRssBytes / dataBytes, 2)} | ${fmt((r.maxRssBytes - baseline.maxRssBytes) / dataBytes, 2)} |`,
    );
  }
  rmSync(f.path, { force: true });
}
rmSync(dir, { recursive: true, force: true });
