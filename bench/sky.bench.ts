// Sky-geometry throughput on uniform random positions (seeded). Usage: node --import tsx bench/sky.bench.ts [n]
import {
  ang2pixNest,
  ang2pixNestBatch,
  ang2pixRingNumber,
  ICRS_TO_GALACTIC,
  queryDiscNestNumber,
  rotateLonLatBatch,
  separationsArcsec,
  unitVectors,
} from '../src/sky/index.js';

const n = Number(process.argv[2] ?? 2_000_000);

/** Park–Miller minimal standard generator: deterministic, good enough to scatter points. */
function uniform(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

const rnd = uniform(12345);
const ra = new Float64Array(n);
const dec = new Float64Array(n);
for (let i = 0; i < n; i++) {
  ra[i] = 360 * rnd();
  dec[i] = (Math.asin(2 * rnd() - 1) * 180) / Math.PI;
}

/**
 * Best of 3 runs, reported per wall-clock second and per CPU second of this process: on a shared
 * machine the CPU-time rate is the steadier estimate of what an idle machine would do.
 */
function timeIt(label: string, count: number, fn: () => void, perSecond = 1e6, unit = 'M/s'): void {
  fn(); // warm-up
  let bestWall = Number.POSITIVE_INFINITY;
  let bestCpu = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    bestWall = Math.min(bestWall, performance.now() - t0);
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  const rate = (ms: number) => ((count / ms) * (1000 / perSecond)).toFixed(2).padStart(8);
  console.log(`${label.padEnd(44)} ${rate(bestWall)} ${unit} wall ${rate(bestCpu)} ${unit} cpu`);
}

const out = new Float64Array(n);
for (const order of [10, 13, 24])
  timeIt(`ang2pixNestBatch order ${order}`, n, () => ang2pixNestBatch(order, ra, dec, out));
timeIt('ang2pixRingNumber order 13', n, () => {
  for (let i = 0; i < n; i++) out[i] = ang2pixRingNumber(13, ra[i], dec[i]);
});
const m = Math.min(n, 200_000);
timeIt('ang2pixNest (BigInt) order 29', m, () => {
  for (let i = 0; i < m; i++) ang2pixNest(29, ra[i], dec[i]);
});
const xyz = new Float64Array(3 * n);
timeIt('unitVectors', n, () => unitVectors(ra, dec, xyz));
timeIt('separationsArcsec', n - 1, () =>
  separationsArcsec(ra.subarray(1), dec.subarray(1), ra.subarray(0, n - 1), dec.subarray(0, n - 1), out),
);
const l = new Float64Array(n);
const b = new Float64Array(n);
timeIt('rotateLonLatBatch ICRS→Galactic', n, () => rotateLonLatBatch(ICRS_TO_GALACTIC, ra, dec, l, b));
const q = 20_000;
timeIt(
  'queryDiscNestNumber order 13, r = 30″',
  q,
  () => {
    for (let i = 0; i < q; i++) queryDiscNestNumber(13, ra[i], dec[i], 30 / 3600);
  },
  1e3,
  'k queries/s',
);
