// Runs the benchmarks: every bench/*.bench.ts, or those whose names contain one of the arguments
// (`npm run bench -- io sky`). Each runs in its own process, one after the other, with its default
// sizes; run a file directly to pass it arguments.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const filters = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = filters.length === 0 ? all : all.filter((f) => filters.some((p) => f.includes(p)));
if (chosen.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of chosen) {
  console.log(`\n## ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
