import type { Command } from 'commander';
import { register as convert } from './convert.js';
import { register as counts } from './counts.js';
import { register as simulate } from './simulate.js';
import { register as info } from './info.js';
import { register as nway } from './nway.js';
import { register as match } from './match.js';
import { register as calibrate } from './calibrate.js';
import { register as explain } from './explain.js';
import { register as merge } from './merge.js';
import { register as plan } from './plan.js';
import { register as worker } from './worker.js';
import { register as fit } from './fit.js';
import { register as run } from './run.js';

/** Each command registers itself on the program; the list is the CLI's table of contents. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  run,
  info,
  convert,
  nway,
  counts,
  simulate,
  match,
  calibrate,
  explain,
  fit,
  merge,
  plan,
  worker,
];
