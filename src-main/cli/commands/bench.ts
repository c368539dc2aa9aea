// `neurofeat bench [--suite S]`: prints performance figures, one object per measurement.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { suites } from '../bench/index.ts';
import type { Measurement } from '../bench/suite.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const benchCommand: Command = {
  help: `Usage: neurofeat bench [--suite NAME[,NAME...]] [--json] [--shared-data DIR] [--subjects DIR]

Runs benchmark suites and prints one figure per line (or, with --json, one JSON array of
{name, value, unit, n} objects). Without --suite every suite runs.
  --suite S        comma-separated suite names
  --shared-data D  folder holding the real recordings (default ../shared/data next to the repository)
  --subjects DIR   accuracy: a folder of subjects DIR/SXXX/SXXXR04.edf, R08, R12 (default: the shared PhysioNet
                   folder); with --json it prints one document {subjects: [...], mean: {...}, measurements}`,
  options: {
    suite: { type: 'string' },
    'shared-data': { type: 'string' },
    subjects: { type: 'string' },
  },
  async run(args, io) {
    const wanted = (stringFlag(args, 'suite') ?? suites.map((s) => s.name).join(',')).split(',').filter(Boolean);
    const unknown = wanted.filter((name) => !suites.some((s) => s.name === name));
    if (unknown.length > 0) {
      throw new UsageError(`--suite: unknown suite '${unknown.join(',')}'; suites: ${suites.map((s) => s.name).join(', ')}`);
    }
    const json = args.values.json === true;
    const dataDir = path.resolve(stringFlag(args, 'shared-data') ?? path.join(repositoryRoot, '..', 'shared', 'data'));
    const results: Measurement[] = [];
    const subjects = stringFlag(args, 'subjects');
    let document: Record<string, unknown> | null = null;
    for (const entry of suites.filter((s) => wanted.includes(s.name))) {
      io.err(`# suite ${entry.name}: ${entry.summary}\n`);
      const suite = await entry.load();
      await suite.run({
        dataDir,
        log: (text) => io.err(`${text}\n`),
        subjectsDir: subjects !== undefined ? path.resolve(subjects) : undefined,
        document: (value) => { document = value; },
        report: (m) => {
          results.push(m);
          if (!json) io.out(`${m.name}: ${formatValue(m.value)} ${m.unit} (n=${m.n})${m.note ? `  ${m.note}` : ''}\n`);
        },
      });
    }
    if (json) printJson(io, document && wanted.length === 1 ? { ...(document as Record<string, unknown>), measurements: results } : results);
    return 0;
  },
};

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}
