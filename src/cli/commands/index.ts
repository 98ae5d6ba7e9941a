import type { Command } from 'commander';

/** Each command registers itself on the program; the list is the CLI's table of contents. */
export type RegisterCommand = (program: Command) => void;

/**
 * Command name → loader of its module. Modules are imported only when needed: loading every
 * command's dependency graph (Arrow, Parquet wasm, BullMQ, ajv, …) costs more CPU than a whole
 * `mmassoc nway` run on a small catalogue, so a run imports only the command it executes.
 */
export const commandLoaders: Record<string, () => Promise<{ register: RegisterCommand }>> = {
  run: () => import('./run.js'),
  info: () => import('./info.js'),
  convert: () => import('./convert.js'),
  nway: () => import('./nway.js'),
  counts: () => import('./counts.js'),
  simulate: () => import('./simulate.js'),
  match: () => import('./match.js'),
  calibrate: () => import('./calibrate.js'),
  explain: () => import('./explain.js'),
  fit: () => import('./fit.js'),
  merge: () => import('./merge.js'),
  plan: () => import('./plan.js'),
  worker: () => import('./worker.js'),
};

/** Every command's register function, in help order. */
export async function loadCommands(): Promise<RegisterCommand[]> {
  const mods = await Promise.all(Object.values(commandLoaders).map((load) => load()));
  return mods.map((m) => m.register);
}
