// Out-of-core scale benchmark (issue 6, acceptance 4): a 10 000 deg² three-catalogue association
// (≈ 200 k SPT-like primaries × 20 M × 22 M secondaries, radius 20″), generated on the fly tile by
// tile (bench/scale-sky.ts, seeded) and associated under a --memory budget with the tiled engine of
// `mmassoc match --memory` (src/scale). Reports rows per second (wall and CPU) and the peak RSS of the
// process (the only process: generation, association and output all run in it), and extrapolates to
// the whole sky (41 253 deg²).
//
// Usage: node --import tsx bench/scale.bench.ts [--scale F] [--memory 4GB] [--seed 1] [--out FILE] [--check]
//   --scale F multiplies the area and every row count by F (same densities), e.g. 0.01 for a quick run;
//   --check also associates the whole (small) sky in memory and checks the tiled table equals it.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { associate } from '../src/assoc/engine.js';
import { writeTable } from '../src/io/index.js';
import { parseMemory, planTileBudget, tileSideDeg } from '../src/scale/budget.js';
import { associateTiles } from '../src/scale/tiled-associate.js';
import { TileMapper } from '../src/scale/tiles.js';
import { MAX_OFFSET_SIGMA, ScaleSky } from './scale-sky.js';

const ALL_SKY_DEG2 = 41_253;
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    memory: { type: 'string', default: '4GB' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    check: { type: 'boolean', default: false },
  },
});
const f = Number(values.scale);
const memoryBytes = parseMemory(String(values.memory));
const radiusArcsec = 20;
const opts = {
  seed: Number(values.seed),
  areaDeg2: 10_000 * f,
  primaries: Math.round(200_000 * f),
  secondaries: [Math.round(20_000_000 * f), Math.round(22_000_000 * f)],
  primaryErrArcsec: 4,
  secondaryErrArcsec: [1, 0.5],
  counterpartFraction: 0.7,
};
const out = resolve(values.out ?? join(import.meta.dirname, 'out/scale/match.fits'));
mkdirSync(join(out, '..'), { recursive: true });

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const rowBytes = 4 + 8 + 8 + 8; // id (int32), ra, dec, pos_err
const plan = planTileBudget(
  [opts.primaries, ...opts.secondaries].map((rows) => ({ rows, areaDeg2: opts.areaDeg2, rowBytes })),
  radiusArcsec,
  memoryBytes,
);
const slack = MAX_OFFSET_SIGMA * Math.hypot(opts.primaryErrArcsec, ...opts.secondaryErrArcsec);
const mapper = new TileMapper(plan.order, radiusArcsec, slack);
const sky = new ScaleSky(opts, mapper);
const rows = sky.rows;
const total = rows.reduce((a, b) => a + b, 0);
console.log(
  `sky: ${sky.areaDeg2.toFixed(0)} deg² (south cap), rows ${rows.join(' × ')}; --memory ${values.memory}: tiles of order ${plan.order} (${tileSideDeg(plan.order).toFixed(2)}°), cells of order ${mapper.cellOrder}, ${(plan.tileBudgetBytes / 2 ** 30).toFixed(2)} GB per tile`,
);
let tiles = 0;
const { table, summary } = await associateTiles(sky.tiles(), rows, { radiusArcsec, priorCompleteness: 0.9 }, (t, n) => {
  tiles++;
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(
    `tile ${t.tile}: ${t.primaryRows.length} primaries, ${t.catalogs[1].raDeg.length} + ${t.catalogs[2].raDeg.length} secondaries → ${n} rows; RSS ${rss.toFixed(0)} MB`,
  );
});
const assocWall = (performance.now() - wall0) / 1000;
await writeTable(out, table);
const wallS = (performance.now() - wall0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const peakMB = process.resourceUsage().maxRSS / 1024;
const k = ALL_SKY_DEG2 / sky.areaDeg2;
console.log(`\n| quantity | value |\n|---|---|`);
console.log(`| input rows | ${rows.join(' + ')} = ${total} |`);
console.log(
  `| tiles (order ${plan.order}) | ${tiles}; largest ${summary.maxTileRows} rows; secondary rows read ${summary.secondaryRowsRead} (${(summary.secondaryRowsRead / (rows[1] + rows[2])).toFixed(3)}× with margins) |`,
);
console.log(`| output rows | ${table.nrows} → ${out} |`);
console.log(
  `| wall | ${wallS.toFixed(1)} s (association ${assocWall.toFixed(1)} s, of which generation ${sky.genCpuS.toFixed(1)} CPU s) |`,
);
const assocCpuS = cpuS - sky.genCpuS;
console.log(
  `| CPU (user + sys) | ${cpuS.toFixed(1)} s: generation ${sky.genCpuS.toFixed(1)} s, association + output ${assocCpuS.toFixed(1)} s |`,
);
console.log(
  `| rows per second | ${(total / wallS / 1e6).toFixed(2)} M/s wall, ${(total / cpuS / 1e6).toFixed(2)} M/s CPU with generation, ${(total / assocCpuS / 1e6).toFixed(2)} M/s CPU association + output |`,
);
console.log(
  `| peak RSS (one process) | ${peakMB.toFixed(0)} MB (budget ${(memoryBytes / 2 ** 20).toFixed(0)} MB; planned output ≤ ${(plan.outputBytes / 2 ** 20).toFixed(0)} MB) |`,
);
// All sky at the same densities: time is linear in the rows; the tile is unchanged, the output grows
// with the primaries.
let allSkyPlan: string;
try {
  const p = planTileBudget(
    [opts.primaries, ...opts.secondaries].map((n) => ({ rows: n * k, areaDeg2: ALL_SKY_DEG2, rowBytes })),
    radiusArcsec,
    memoryBytes,
  );
  allSkyPlan = `the planner keeps order ${p.order} tiles with ${(p.tileBudgetBytes / 2 ** 20).toFixed(0)} MB per tile`;
} catch (err) {
  allSkyPlan = `the all-sky output does not fit this budget (${(err as Error).message})`;
}
const mb = (b: number) => (b / 2 ** 20).toFixed(0);
console.log(
  `| all sky (${ALL_SKY_DEG2} deg² = ${k.toFixed(3)} × ${sky.areaDeg2.toFixed(0)} deg²) | ${((total * k) / 1e6).toFixed(1)} M rows; CPU ${cpuS.toFixed(1)} s × ${k.toFixed(3)} = ${(cpuS * k).toFixed(0)} s (association + output ${(assocCpuS * k).toFixed(0)} s); peak RSS ≈ ${peakMB.toFixed(0)} MB + ${(k - 1).toFixed(3)} × ${mb(plan.outputBytes)} MB = ${(peakMB + (k - 1) * (plan.outputBytes / 2 ** 20)).toFixed(0)} MB (only the output grows; the planned output is an upper bound); ${allSkyPlan} |`,
);
if (values.check) {
  const whole = associate(sky.wholeCatalogs(), { radiusArcsec, priorCompleteness: 0.9 }).toTable();
  const same =
    whole.nrows === table.nrows &&
    whole.names.join() === table.names.join() &&
    whole.columns.every((c) => {
      const a = c.data as ArrayLike<unknown>;
      const b = table.col(c.name).data as ArrayLike<unknown>;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
      return true;
    });
  console.log(`check: tiled table ${same ? 'equals' : 'DIFFERS FROM'} the in-memory association (${whole.nrows} rows)`);
  if (!same) process.exitCode = 1;
}
