// One read for bench/io.bench.ts, in its own process so that peak RSS belongs to this read alone.
// Usage: node --import tsx bench/io-read-child.ts <fits|fits-stream|csv|parquet|none> <path>
// Prints one JSON line: {seconds, cpuSeconds, mainCpuSeconds, rows, checksum (sum of the first column),
// maxRssBytes}.
import { readFileSync } from 'node:fs';
import { readCsv } from '../src/io/csv.js';
import { readFits, streamFits } from '../src/io/fits/index.js';
import { readParquet } from '../src/io/parquet.js';
import type { Table } from '../src/table/table.js';

const [mode, path] = process.argv.slice(2);

/** Sum of the first column, so that no reader can skip decoding. */
function firstColumnSum(t: Table): number {
  const x = t.columns[0].data as Float64Array;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpuSeconds();
let rows = 0;
let checksum = 0;
if (mode === 'fits') {
  const t = await readFits(path);
  rows = t.nrows;
  checksum = firstColumnSum(t);
} else if (mode === 'fits-stream') {
  for await (const chunk of streamFits(path)) {
    rows += chunk.nrows;
    checksum += firstColumnSum(chunk);
  }
} else if (mode === 'csv') {
  const t = readCsv(path);
  rows = t.nrows;
  checksum = firstColumnSum(t);
} else if (mode === 'parquet') {
  const t = await readParquet(path);
  rows = t.nrows;
  checksum = firstColumnSum(t);
} else if (mode !== 'none') {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const mainCpuSeconds = mainThreadCpuSeconds() - main0;
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds, mainCpuSeconds, rows, checksum, maxRssBytes: peakRssBytes() })}\n`,
);

/**
 * CPU seconds of the main thread alone (Linux: /proc/self/task/<pid>/stat, 10 ms ticks; NaN
 * elsewhere). With helper threads the whole process's CPU time exceeds the critical path, and on a
 * loaded machine the wall time says little, so this is the closer estimate of an idle machine's wall.
 */
function mainThreadCpuSeconds(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * This process's peak RSS. Linux's getrusage maxRSS carries over the parent's high-water mark
 * through fork+exec, so read VmHWM (per address space, reset by exec) when it exists.
 */
function peakRssBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
