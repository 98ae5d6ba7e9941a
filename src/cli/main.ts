#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors.js';
import { removeActiveTemps } from '../io/atomic.js';
import { commandLoaders, loadCommands, type RegisterCommand } from './commands/index.js';

/**
 * The commands a command line needs: only the named one when the first argument names a command
 * (its module graph alone is imported), every command otherwise (help, version, a typo: commander
 * then lists them all and suggests the nearest).
 */
async function commandsFor(argv: string[]): Promise<RegisterCommand[]> {
  const first = argv[2];
  const load = first !== undefined && Object.hasOwn(commandLoaders, first) ? commandLoaders[first] : undefined;
  return load ? [(await load()).register] : loadCommands();
}

/** Builds the `mmassoc` program; each command is a thin shell over a library function. */
export function buildProgram(commands: RegisterCommand[]): Command {
  const program = new Command('mmassoc')
    .description('Bayesian association of millimetre-wave sources with counterparts at other wavelengths')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      removeActiveTemps();
      process.stderr.write(`mmassoc: interrupted (${sig}); no output was written\n`);
      process.exit(130);
    });
  }
  const program = buildProgram(await commandsFor(argv));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    removeActiveTemps();
    if (err instanceof CommanderError) {
      // commander has already printed its message (help, version or a usage error).
      process.exit(err.exitCode === 0 ? 0 : 2);
    }
    if (isUserError(err)) {
      process.stderr.write(`mmassoc: ${err.message.split('\n')[0]}\n`);
      process.exit(2);
    }
    throw err;
  }
}

main(process.argv).catch((err: unknown) => {
  process.stderr.write(
    `mmassoc: internal error (a bug, please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
