// What one `neurofeat` subcommand declares: its name, help text, flags and the function that runs it.
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandIo {
  /** Standard output: exactly one JSON document when `--json` is given. */
  out: (text: string) => void;
  /** Standard error: progress and logs. */
  err: (text: string) => void;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** A command's name and summary live in the registry (`commands/index.ts`), so `--help` loads no command. */
export interface Command {
  /** Usage and flag descriptions printed by `--help`. */
  help: string;
  options: OptionSpec;
  /** Returns the exit code: 0 ok, 1 the work failed (bad input is thrown as a usage or core error). */
  run: (args: ParsedArgs, io: CommandIo) => Promise<number>;
}

/** Bad usage or bad input: exit code 2 and a one-line reason on stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flags every command accepts (CLI.md: common flags). */
export const commonOptions: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
};

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A numeric flag, checked: the message names the flag and the allowed range. */
export function numberFlag(args: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name}: expected a number between ${min} and ${max}, got '${raw}'`);
  }
  return value;
}

export function printJson(io: CommandIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}
