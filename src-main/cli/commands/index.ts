// The registry of `neurofeat` subcommands, in the order `--help` lists them.
import type { Command } from '../command.ts';
import { benchCommand } from './bench.ts';

export const commands: Command[] = [
  benchCommand,
];
