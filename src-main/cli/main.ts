// Entry of the `neurofeat` command line: parses flags, dispatches to a subcommand, maps errors to exit codes.
import { parseArgs } from 'node:util';
import { commands } from './commands/index.ts';
import { commonOptions, UsageError, type Command, type CommandIo } from './command.ts';
import { CoreError } from '../core/errors.ts';

// A reader that stops early (`neurofeat inspect FILE | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: neurofeat <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Common options: --json (one JSON document on stdout), --data-dir DIR, --seed N, --threads N, --help.',
    'Exit codes: 0 success, 1 the work failed, 2 bad usage or bad input.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `${command.help.trim()}\n`;
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`neurofeat: unknown command '${name}'; commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    const parsed = parseArgs({
      args: rest,
      options: { ...commonOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (error) {
    return reportError(name, error, io);
  }
}

function reportError(name: string, error: unknown, io: CommandIo): number {
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');
  if (error instanceof UsageError) {
    io.err(`neurofeat ${name}: ${oneLine(error.message)}\n`);
    return 2;
  }
  if (error instanceof CoreError) {
    io.err(`neurofeat ${name}: ${oneLine(error.message)}\n`);
    return error.code === 'bad-input' ? 2 : 1;
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    io.err(`neurofeat ${name}: ${oneLine(error.message)} (see neurofeat ${name} --help)\n`);
    return 2;
  }
  const message = error instanceof Error ? error.stack ?? error.message : String(error);
  io.err(`neurofeat ${name}: failed: ${message}\n`);
  return 1;
}
