/**
 * Runs every bad-input case through the real CLI and reports what happened: the exit code, the
 * stderr lines, and the files left in the case's folder.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BadInputCase } from './bad-input-cases.js';
import { type CliResult, cli, pool } from './run-cli.js';

export interface Observation {
  c: BadInputCase;
  args: string[];
  names: string;
  result: CliResult;
  /** Files in the case folder after the run that were not there before. */
  leftOver: string[];
  /** stderr lines, the case folder's path replaced by nothing (so the table shows bare names). */
  lines: string[];
}

export async function observe(list: BadInputCase[], concurrency = 3): Promise<Observation[]> {
  return pool(list, concurrency, async (c) => {
    const dir = mkdtempSync(join(tmpdir(), 'mmassoc-bad-'));
    const { args, names } = await c.build(dir);
    const before = new Set(readdirSync(dir));
    const result = await cli(args);
    const leftOver = readdirSync(dir).filter((f) => !before.has(f));
    const lines = result.stderr
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(`${dir}/`).join(''));
    return { c, args, names, result, leftOver, lines };
  });
}
