// The file path of `mmassoc match --memory` at a moderate scale: the scale benchmark's sky
// (bench/scale-sky.ts) at `--scale F` written as three FITS files, then matched by the CLI in memory
// and with --memory, each in its own process timed by /usr/bin/time; the two outputs must be
// byte-identical.
//
// Usage: node --import tsx bench/scale-files.ts [--scale 0.05] [--memory 400MB]   (the CLI runs through tsx)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeTable } from '../src/io/index.js';
import { TileMapper } from '../src/scale/tiles.js';
import { ScaleSky } from './scale-sky.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '0.05' }, memory: { type: 'string', default: '400MB' } },
});
const f = Number(values.scale);
const dir = resolve(import.meta.dirname, 'out/scale-files');
mkdirSync(dir, { recursive: true });
const sky = new ScaleSky(
  {
    seed: 2,
    areaDeg2: 10_000 * f,
    primaries: Math.round(200_000 * f),
    secondaries: [Math.round(20_000_000 * f), Math.round(22_000_000 * f)],
    primaryErrArcsec: 4,
    secondaryErrArcsec: [1, 0.5],
    counterpartFraction: 0.7,
  },
  new TileMapper(3, 20, 30),
);
const files: string[] = [];
for (const c of sky.wholeCatalogs()) {
  const file = join(dir, `${c.name}.fits`);
  await writeTable(file, c.table);
  files.push(file);
}
console.log(`rows ${sky.rows.join(' × ')} over ${sky.areaDeg2.toFixed(0)} deg² → ${dir}`);
const cli = resolve(import.meta.dirname, '../src/cli/main.ts');
const outs: string[] = [];
for (const memory of [undefined, values.memory]) {
  const out = join(dir, memory ? 'tiled.fits' : 'memory.fits');
  outs.push(out);
  const args = ['-f', '%e %U %S %M', process.execPath, '--import', 'tsx', cli, 'match', '--radius', '20', '--out', out];
  if (memory) args.push('--memory', memory);
  const r = spawnSync('/usr/bin/time', [...args, ...files], { encoding: 'utf8' });
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  console.log(
    `| ${memory ? `--memory ${memory}` : 'in memory'} | exit ${r.status} | ${wall} s wall | ${(user + sys).toFixed(1)} CPU s | ${(kb / 1024).toFixed(0)} MB peak RSS |`,
  );
  if (r.status !== 0) console.log(r.stderr);
}
const same = readFileSync(outs[0]).equals(readFileSync(outs[1]));
console.log(`outputs ${same ? 'byte-identical' : 'DIFFER'}`);
if (!same) process.exitCode = 1;
