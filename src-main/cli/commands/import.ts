// `neurofeat import FILE`: a patient archive checked completely, then added to the data folder under new ids.
import type { DatabaseSync } from 'node:sqlite';
import { resolveDataDir } from '../../services/paths.ts';
import { openDatabase } from '../../services/storage/database.ts';
import { importPatientArchive } from '../../services/transfer/import-patient.ts';
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { checkInputFile } from '../input-file.ts';
import { terminalSafe } from '../terminal-text.ts';

export const importCommand: Command = {
  help: `Usage: neurofeat import FILE [--json]

Adds the patient of an archive written by \`neurofeat export\` to the data folder. The archive is checked
completely first (every entry present, sizes and SHA-256 as its manifest lists them); a damaged or incomplete
archive, or a patient code the data folder already has, is refused and nothing is written. Sessions, runs and
attempts get new ids (printed old -> new). --data-dir DIR (or NEUROFEAT_DATA_DIR) chooses the data folder.`,
  options: {},
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('expected the archive FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${terminalSafe(extra[0])}'`);
    checkInputFile(file, 'a NeuroFeat patient archive');
    const dataDir = resolveDataDir(stringFlag(args, 'data-dir'));
    let db: DatabaseSync | null = null;
    try {
      const summary = await importPatientArchive(() => (db = openDatabase(dataDir, 'cli')), dataDir, file);
      if (args.values.json === true) printJson(io, { dataDir, ...summary });
      else {
        io.out(`Imported patient ${terminalSafe(summary.patient.code)} into ${terminalSafe(dataDir)} (id ${summary.patient.to}): `
          + `${summary.sessions.length} sessions, ${summary.runs.length} runs, ${summary.attempts.length} attempts, ${summary.chosenModels} chosen models, ${summary.impedanceMeasurements} impedance measurements, ${summary.assessments.length} clinical assessments\n`);
        for (const s of summary.sessions) io.out(`  session ${s.from} -> ${s.to}\n`);
        for (const r of summary.runs) io.out(`  run ${r.from} -> ${r.to}: ${terminalSafe(r.file)}\n`);
        for (const a of summary.attempts) io.out(`  attempt ${a.from} -> ${a.to}${a.model ? `: ${terminalSafe(a.model)}` : ''}\n`);
      }
      return 0;
    } finally {
      (db as DatabaseSync | null)?.close();
    }
  },
};
