/** The shard job as it travels through Redis: plain JSON, every path absolute. */
import { isAbsolute, resolve } from 'node:path';
import { parseCatalogSpec } from '../assoc/catalog-spec.js';
import type { MatchOptions } from '../cli/commands/match.js';

export const SHARD_JOB = 'match-shard';

/** Default BullMQ queue name shared by `mmassoc match --queue` and `mmassoc worker`. */
export const DEFAULT_QUEUE = 'mmassoc';

export interface ShardJobData {
  /** The `runMatch` options of this shard (shard I/N set, `out` = its own file in the shared folder). */
  options: MatchOptions;
}

/** Makes a catalogue spec's file (and :coverage= file) absolute: workers may run in another folder. */
export function absoluteSpec(text: string, cwd = process.cwd()): string {
  const spec = parseCatalogSpec(text);
  let rest = text.slice(spec.file.length);
  const cov = spec.options.coverage;
  if (cov !== undefined && !isAbsolute(cov)) rest = rest.replace(`:coverage=${cov}`, `:coverage=${resolve(cwd, cov)}`);
  return resolve(cwd, spec.file) + rest;
}
