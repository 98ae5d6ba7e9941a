// Forward-model speed (issue 4 acceptance 6). Usage: node --import tsx bench/model.bench.ts [nGalaxies] [areaDeg2]
//  1. SIDES steps 2–4 (SFR + magnification + band fluxes) for nGalaxies rows (default 5,584,998, the
//     SIDES 2 deg² lightcone) given z and M*, in 10 SIDES-like bands;
//  2. a whole lightcone of areaDeg2 (default 2) to SIDES depth: model build, halos → galaxies →
//     fluxes in all 23 bands;
//  3. steps 2–4 again (run before 1.), streamed as sampleGalaxies runs them: 65,536-row chunks (the same random
//     streams, so the same values) with the states and fluxes in reused chunk buffers, each chunk's
//     fluxes consumed at once (here by a weighted sum per band, which must equal the same sum over
//     the row arrays of 1.): no fresh memory to first-touch, so repetition 1 costs what 2 and 3 do.
// Reports wall and CPU seconds (CPU is steadier on a shared machine) and peak RSS.
import type { Band } from '../src/model/bands.js';
import { BAND_NAMES } from '../src/model/bands.js';
import { buildGalaxyModel } from '../src/model/galaxy-model.js';
import { resolveParams } from '../src/model/params.js';
import {
  drawStarFormationRows,
  type GalaxyState,
  galaxyFluxes,
  sampleGalaxyStates,
} from '../src/model/sample-galaxies.js';
import { RandomStream } from '../src/random/stream.js';
import { boxForArea } from '../src/sky/area.js';

const nGal = Number(process.argv[2] ?? 5_584_998);
const area = Number(process.argv[3] ?? 2);
const SIDES_BANDS: Band[] = [
  'mips24',
  'pacs100',
  'pacs160',
  'spire250',
  'spire350',
  'spire500',
  'scuba850',
  'alma1p2mm',
  'alma2mm',
  'spt150',
];

function timed<T>(label: string, fn: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  console.log(`${label}: wall ${wall.toFixed(2)} s, cpu ${((c.user + c.system) / 1e6).toFixed(2)} s`);
  return r;
}

const params = resolveParams();
const model = timed('model build (23 bands)', () => buildGalaxyModel(params, BAND_NAMES));
const st = timed(`lightcone ${area} deg²: halos → galaxy states`, () =>
  sampleGalaxyStates(model, boxForArea(30, -55, area), 1),
);
console.log(`  ${st.n} galaxies (M* ≥ 1e${params.log_mstar_min} halos)`);
timed('  fluxes, 23 bands', () => galaxyFluxes(model, st, BAND_NAMES));

// Steps 2–4 on nGal rows: tile the sampled (z, M*, shell) to nGal rows.
const big: GalaxyState = {
  n: nGal,
  raDeg: new Float64Array(0),
  decDeg: new Float64Array(0),
  z: new Float64Array(nGal),
  shell: new Int32Array(nGal),
  logMhalo: new Float64Array(0),
  logMstar: new Float64Array(nGal),
  kind: new Uint8Array(nGal),
  logSfr: new Float64Array(nGal),
  logT: new Float64Array(nGal),
  mu: new Float64Array(nGal),
  logLRadio: new Float64Array(nGal),
};
for (let i = 0; i < nGal; i++) {
  const j = i % st.n;
  big.z[i] = st.z[j];
  big.shell[i] = st.shell[j];
  big.logMstar[i] = st.logMstar[j];
}
const CHUNK = 65536;
/** Adds Σ_i f_b[i]·(1 + (i0 + i) mod 1024) over rows 0…n−1 of each band to sums[b] (a fingerprint of the fluxes). */
function fingerprint(out: Partial<Record<Band, Float64Array>>, i0: number, n: number, sums: Float64Array): void {
  for (let b = 0; b < SIDES_BANDS.length; b++) {
    const f = out[SIDES_BANDS[b]] as Float64Array;
    let h = sums[b];
    for (let i = 0; i < n; i++) h += f[i] * (1 + ((i0 + i) & 1023));
    sums[b] = h;
  }
}
// 3. Streamed (run first, so that its repetition 1 is also the kernels' first call on 5.58 M rows):
// per chunk, states and fluxes in reused buffers (z, shell, M* are views of the inputs).
const chunk: GalaxyState = {
  n: 0,
  raDeg: new Float64Array(0),
  decDeg: new Float64Array(0),
  z: big.z,
  shell: big.shell,
  logMhalo: new Float64Array(0),
  logMstar: big.logMstar,
  kind: new Uint8Array(CHUNK),
  logSfr: new Float64Array(CHUNK),
  logT: new Float64Array(CHUNK),
  mu: new Float64Array(CHUNK),
  logLRadio: new Float64Array(CHUNK),
};
const chunkFlux: Partial<Record<Band, Float64Array>> = {};
for (const b of SIDES_BANDS) chunkFlux[b] = new Float64Array(CHUNK);
const sumStream = new Float64Array(SIDES_BANDS.length);
for (let rep = 0; rep < 3; rep++) {
  sumStream.fill(0);
  timed(`${nGal} galaxies: steps 2–4 streamed in ${CHUNK}-row chunks (repetition ${rep + 1})`, () => {
    for (let i0 = 0; i0 < nGal; i0 += CHUNK) {
      const i1 = Math.min(nGal, i0 + CHUNK);
      chunk.n = i1 - i0;
      chunk.z = big.z.subarray(i0, i1);
      chunk.shell = big.shell.subarray(i0, i1);
      chunk.logMstar = big.logMstar.subarray(i0, i1);
      drawStarFormationRows(new RandomStream(7, 99, i0), model, chunk, 0, chunk.n);
      galaxyFluxes(model, chunk, SIDES_BANDS, chunkFlux);
      fingerprint(chunkFlux, i0, chunk.n, sumStream);
    }
  });
}
// Output arrays allocated once: the first repetition pays the first touch of fresh memory
// (~300 MB/s on the sandbox VM), the second is the steady-state cost of the loops.
let fluxOut: Partial<Record<Band, Float64Array>> = {};
for (const b of SIDES_BANDS) fluxOut[b] = new Float64Array(nGal);
for (let rep = 0; rep < 3; rep++) {
  const c0 = process.cpuUsage();
  timed(`${nGal} galaxies: SFR + magnification (SIDES steps 2–3)`, () => {
    for (let i0 = 0; i0 < nGal; i0 += CHUNK) {
      const rng = new RandomStream(7, 99, i0);
      drawStarFormationRows(rng, model, big, i0, Math.min(nGal, i0 + CHUNK));
    }
  });
  timed(`${nGal} galaxies: band fluxes, ${SIDES_BANDS.length} bands (SIDES step 4)`, () =>
    galaxyFluxes(model, big, SIDES_BANDS, fluxOut),
  );
  const c = process.cpuUsage(c0);
  console.log(`  steps 2–4 total: cpu ${((c.user + c.system) / 1e6).toFixed(2)} s (repetition ${rep + 1})`);
}
const sumRows = new Float64Array(SIDES_BANDS.length);
fingerprint(fluxOut, 0, nGal, sumRows);
fluxOut = {};

const same = sumRows.every((v, b) => Object.is(v, sumStream[b]));
console.log(`  streamed fluxes equal the row-array run's (per-band weighted sums): ${same ? 'yes' : 'NO'}`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
