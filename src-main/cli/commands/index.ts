// The registry of `neurofeat` subcommands, in the order `--help` lists them.
import type { Command } from '../command.ts';
import { serveCommand } from './serve.ts';
import { patientCommand } from './patient.ts';
import { benchCommand } from './bench.ts';
import { inspectCommand } from './inspect.ts';
import { convertCommand } from './convert.ts';
import { featuresCommand } from './features.ts';
import { trainCommand } from './train.ts';
import { predictCommand } from './predict.ts';

export const commands: Command[] = [
  serveCommand,
  patientCommand,
  benchCommand,
  inspectCommand,
  convertCommand,
  featuresCommand,
  trainCommand,
  predictCommand,
];
