// Issue 6, acceptance 3 (queued part): `mmassoc match --queue` on a real redis-server with two
// `mmassoc worker` processes, one SIGKILLed mid-job; the job is retried by the other worker and the
// merged output equals the single-process `mmassoc match` table, row for row and value for value.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readTable, writeTable } from '../../src/io/index.js';
import { boxAreaDeg2, mockCatalogs } from '../reliability/mock.js';
import { cli, ROOT } from '../reliability/run-cli.js';
import { assertSameTable } from '../reliability/same-table.js';

const REDIS = '/usr/bin/redis-server';
const BOX = { raMinDeg: -8.75, raMaxDeg: 8.75, decMinDeg: -60, decMaxDeg: -50 };

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => done(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  stderr: string;
  exited: Promise<number | null>;
}

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, env });
  const p: Proc = {
    child,
    stderr: '',
    exited: new Promise((done) => child.on('exit', (code, sig) => done(sig ? -1 : code))),
  };
  child.stderr?.on('data', (d: Buffer) => {
    p.stderr += d.toString('utf8');
  });
  child.stdout?.on('data', (d: Buffer) => {
    p.stderr += d.toString('utf8');
  });
  return p;
}

async function waitFor(what: string, test: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function worker(url: string): Proc {
  const env: NodeJS.ProcessEnv = { ...process.env, MMASSOC_WORKER_DELAY_MS: '1500' };
  delete env.MMASSOC_QUIET;
  // A short lock so that the killed worker's job is seen as stalled within seconds.
  return start(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'worker', '--redis', url, '--lock-ms', '2500'],
    env,
  );
}

describe('mmassoc match --queue with mmassoc worker on redis-server', () => {
  const procs: Proc[] = [];
  let dir = '';
  let url = '';

  before(async () => {
    assert.ok(
      existsSync(REDIS),
      `${REDIS} is missing: install Debian's redis-server package (.ci/run does) to run the queue test`,
    );
    dir = mkdtempSync(join(tmpdir(), 'mmassoc-queue-'));
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    const redis = start(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    procs.push(redis);
    await waitFor('redis-server to accept connections', () => /Ready to accept connections/.test(redis.stderr), 10_000);
  });

  after(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('2 workers, one SIGKILLed mid-job: the job is retried and the output equals the single-process run', async () => {
    const cats = mockCatalogs(11, BOX, 1500, [6000, 5000]);
    const area = boxAreaDeg2(BOX);
    const specs: string[] = [];
    for (const c of cats) {
      const f = join(dir, `${c.name}.fits`);
      await writeTable(f, c.table);
      specs.push(`${f}:name=${c.name}:err=pos_err:area=${area}`);
    }
    const [a, b] = [worker(url), worker(url)];
    procs.push(a, b);
    const single = await cli(['match', '--out', join(dir, 'single.fits'), '--radius', '20', ...specs]);
    assert.equal(single.status, 0, single.stderr);

    const queued = cli([
      'match',
      '--out',
      join(dir, 'queued.fits'),
      '--radius',
      '20',
      '--queue',
      url,
      '--shards',
      '6',
      ...specs,
    ]);
    let killedJob = '';
    await waitFor('worker A to start a job', () => /job (\S+) started/.test(a.stderr), 30_000);
    a.child.kill('SIGKILL');
    killedJob = /job (\S+) started/.exec(a.stderr)?.[1] ?? '';
    const r = await queued;
    assert.equal(r.status, 0, `${r.stderr}\nworker B:\n${b.stderr}`);
    assert.match(r.stderr, /shard 6\/6 done|\(6 of 6\)/);

    // The killed job was picked up again by worker B after its lock expired (BullMQ's stalled check).
    assert.ok(killedJob !== '');
    assert.match(
      b.stderr,
      new RegExp(`job ${killedJob} started: .*stalled 1\\)`),
      `worker B never reran the killed job ${killedJob}:\n${b.stderr}`,
    );
    assert.match(b.stderr, new RegExp(`job ${killedJob} done`));

    assertSameTable(
      await readTable(join(dir, 'single.fits')),
      await readTable(join(dir, 'queued.fits')),
      'queued vs single',
    );
    // No shard folder or temporary file is left next to --out.
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('.')),
      [],
    );

    // SIGTERM stops the surviving worker cleanly.
    b.child.kill('SIGTERM');
    assert.equal(await b.exited, 0, b.stderr);
  });
});
