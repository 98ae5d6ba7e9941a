import type { Command } from 'commander';

/** Each command registers itself on the program; the list is the CLI's table of contents. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
