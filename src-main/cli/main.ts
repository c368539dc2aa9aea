// Entry of the `neurofeat` command line: parses flags, dispatches to a subcommand, maps errors to exit codes.
import { parseArgs } from 'node:util';
import { commands } from './commands/index.ts';
import { commonOptions, UsageError, type Command, type CommandIo } from './command.ts';
import { CoreError } from '../core/errors.ts';
import { ApiFailure } from '../contract/errors.ts';
import { fileErrorReason } from './input-file.ts';
import { terminalSafe } from './terminal-text.ts';

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

/**
 * Every error ends as exactly one line on stderr (untrusted text in it escaped) and an exit code: 2 for bad
 * usage or bad input (a file that is missing, a folder, unreadable, damaged), 1 when the work itself failed.
 * The stack of an unexpected error is printed only with NEUROFEAT_DEBUG=1.
 */
function reportError(name: string, error: unknown, io: CommandIo): number {
  const line = (text: string) => io.err(`neurofeat ${name}: ${terminalSafe(text.replace(/\s*\n\s*/g, ' '))}\n`);
  if (error instanceof UsageError) {
    line(error.message);
    return 2;
  }
  if (error instanceof CoreError) {
    line(error.message);
    return error.code === 'bad-input' ? 2 : 1;
  }
  if (error instanceof ApiFailure) {
    line(error.error.recovery ? `${error.error.message} ${error.error.recovery}` : error.error.message);
    return error.error.code === 'internal' ? 1 : 2;
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    line(`${error.message} (see neurofeat ${name} --help)`);
    return 2;
  }
  const fileReason = fileErrorReason(error);
  const filePath = (error as NodeJS.ErrnoException | null)?.path;
  if (fileReason && typeof filePath === 'string') {
    line(`${filePath}: ${fileReason}`);
    return 2;
  }
  line(`failed: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.NEUROFEAT_DEBUG === '1' && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return 1;
}
