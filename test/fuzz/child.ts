/**
 * One fuzz worker process: runs inputs [from, to) of one target and reports over IPC. Started by
 * `campaign.ts`, which kills it when it stops reporting (a hang) and starts a fresh one after the
 * hanging input.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError } from '../../src/errors.js';
import { RandomStream } from '../../src/random/stream.js';
import { mutate, randomInt } from './mutate.js';
import { makeTargets } from './targets.js';

export const TARGET_IDS = { fits: 1, csv: 2, config: 3 } as const;
/** An input slower than this is reported as a hang even when it finishes. */
export const SLOW_MS = 5000;
/** Resident memory above this after an input is reported as unbounded allocation. */
export const RSS_LIMIT_MB = 1500;

export interface Finding {
  /**
   * crash: an exception other than UserError; multiline: a UserError whose message has a line break
   * (the CLI prints only its first line, so the message is cut); hang; memory.
   */
  kind: 'crash' | 'multiline' | 'hang' | 'memory';
  target: string;
  seed: number;
  index: number;
  detail: string;
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'progress'; done: number }
  | { type: 'finding'; finding: Finding }
  | { type: 'end'; done: number; userErrors: number; parsed: number; maxRssMb: number };

async function main(): Promise<void> {
  const [target, seedText, fromText, toText] = process.argv.slice(2);
  const seed = Number(seedText);
  const from = Number(fromText);
  const to = Number(toText);
  const dir = mkdtempSync(join(tmpdir(), 'mmassoc-fuzz-'));
  const send = (m: ChildMessage) => process.send?.(m);
  try {
    const t = (await makeTargets(dir)).find((x) => x.name === target);
    if (!t) throw new Error(`unknown fuzz target ${target}`);
    send({ type: 'ready' });
    let last = Date.now();
    let userErrors = 0;
    let parsed = 0;
    let maxRssMb = 0;
    for (let i = from; i < to; i++) {
      const rng = new RandomStream(seed, TARGET_IDS[t.name], i);
      const input = mutate(t.corpus[randomInt(rng, t.corpus.length)], t.ops, rng);
      const t0 = performance.now();
      try {
        await t.read(input, dir);
        parsed++;
      } catch (err) {
        if (isUserError(err)) {
          userErrors++;
          if (err.message.includes('\n'))
            send({
              type: 'finding',
              finding: {
                kind: 'multiline',
                target,
                seed,
                index: i,
                detail: JSON.stringify(err.message.split(dir).join('')),
              },
            });
        } else {
          const detail =
            err instanceof Error
              ? `${err.name}: ${err.message.split('\n')[0]} @ ${(err.stack ?? '').split('\n')[1]?.trim() ?? ''}`
              : String(err);
          send({ type: 'finding', finding: { kind: 'crash', target, seed, index: i, detail } });
        }
      }
      const ms = performance.now() - t0;
      if (ms > SLOW_MS)
        send({
          type: 'finding',
          finding: { kind: 'hang', target, seed, index: i, detail: `took ${Math.round(ms)} ms` },
        });
      const rssMb = process.memoryUsage.rss() / 1048576;
      if (rssMb > maxRssMb) maxRssMb = rssMb;
      if (rssMb > RSS_LIMIT_MB)
        send({
          type: 'finding',
          finding: { kind: 'memory', target, seed, index: i, detail: `RSS ${Math.round(rssMb)} MB after the input` },
        });
      const now = Date.now();
      if (now - last > 250) {
        send({ type: 'progress', done: i + 1 });
        last = now;
      }
    }
    send({ type: 'end', done: to, userErrors, parsed, maxRssMb: Math.round(maxRssMb) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.send) main().then(() => process.disconnect?.());
