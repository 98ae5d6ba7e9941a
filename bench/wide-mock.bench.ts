// Wide shallow mock (issue 4 acceptance 6): an SPT-3G-depth sky of areaDeg2 (default 1500) drawn
// with simulate's detectable-only mode (src/model/detectable.ts), truth floor floorSigma × noise
// (default 5/3: one third of the 5σ detection limit), catalogues written as FITS to a temp folder.
// Usage: node --import tsx bench/wide-mock.bench.ts [areaDeg2] [floorSigma]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTable } from '../src/io/index.js';
import { resolveParams } from '../src/model/params.js';
import { simulate } from '../src/model/simulate.js';

const area = Number(process.argv[2] ?? 1500);
const floorSigma = Number(process.argv[3] ?? 5 / 3);
const c0 = process.cpuUsage();
const t0 = performance.now();
const config = {
  areaDeg2: area,
  centerRaDeg: 0,
  centerDecDeg: -56,
  surveys: ['spt3g'],
  params: resolveParams(),
  floorSigma,
  detectableOnly: true,
};
const sim = simulate(config, 1);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const dir = mkdtempSync(join(tmpdir(), 'mmassoc-wide-'));
for (const [name, t] of sim.catalogues) await writeTable(join(dir, `${name}.fits`), t);
await writeTable(join(dir, 'truth.fits'), sim.truth);
rmSync(dir, { recursive: true, force: true });
const t2 = performance.now();
const c2 = process.cpuUsage(c0);
const cpu = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1e6).toFixed(1);
console.log(
  `${area} deg² SPT-3G mock (detectable-only, floor ${floorSigma.toFixed(2)}σ): truth ${sim.truth.nrows} sources, ` +
    `spt3g ${sim.catalogues.get('spt3g')?.nrows} detections`,
);
console.log(`simulate: wall ${((t1 - t0) / 1000).toFixed(1)} s, cpu ${cpu(c1)} s`);
console.log(`with FITS output: wall ${((t2 - t0) / 1000).toFixed(1)} s, cpu ${cpu(c2)} s`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
