// A whole lightcone to SIDES depth, halos → catalogues (issue 4 acceptance 6): simulate() over
// areaDeg2 (default 2) with every galaxy of the model drawn (M* ≥ 1e8 halos), the radio AGN, and the
// default surveys (spt3g, spire, wise, emu) observed; then the catalogues and truth written as FITS.
// Usage: node --import tsx bench/lightcone.bench.ts [areaDeg2]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTable } from '../src/io/index.js';
import { resolveParams } from '../src/model/params.js';
import { simulate } from '../src/model/simulate.js';

const area = Number(process.argv[2] ?? 2);
const c0 = process.cpuUsage();
const t0 = performance.now();
const sim = simulate(
  {
    areaDeg2: area,
    centerRaDeg: 30,
    centerDecDeg: -55,
    surveys: ['spt3g', 'spire', 'wise', 'emu'],
    params: resolveParams(),
    floorSigma: 1,
  },
  1,
);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const dir = mkdtempSync(join(tmpdir(), 'mmassoc-lightcone-'));
for (const [name, t] of sim.catalogues) await writeTable(join(dir, `${name}.fits`), t);
await writeTable(join(dir, 'truth.fits'), sim.truth);
rmSync(dir, { recursive: true, force: true });
const t2 = performance.now();
const c2 = process.cpuUsage(c0);
const cpu = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1e6).toFixed(2);
const det = [...sim.catalogues].map(([k, t]) => `${k} ${t.nrows}`).join(', ');
console.log(`${area} deg² lightcone: truth ${sim.truth.nrows} sources; detections ${det}`);
console.log(
  `simulate (model build, halos → galaxies → fluxes, AGN, 4 surveys): wall ${((t1 - t0) / 1000).toFixed(2)} s, cpu ${cpu(c1)} s`,
);
console.log(`with FITS output: wall ${((t2 - t0) / 1000).toFixed(2)} s, cpu ${cpu(c2)} s`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
