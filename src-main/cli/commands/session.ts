// `neurofeat session import`: a new session of a patient with recordings imported as runs, through the app's own import service.
import path from 'node:path';
import { closeComputeWorkers } from '../../services/jobs/compute-job.ts';
import { resolveDataDir } from '../../services/paths.ts';
import { importSession } from '../../services/runs/import-session.ts';
import { openDatabase } from '../../services/storage/database.ts';
import { findPatientByCode } from '../../services/storage/patients.ts';
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { checkInputFile } from '../input-file.ts';
import { terminalSafe } from '../terminal-text.ts';

export const sessionCommand: Command = {
  help: `Usage: neurofeat session import --patient CODE FILE... [--notes TEXT] [--json]

Creates a new session for the patient and imports each recording (EDF, EDF+, BDF, BDF+, GDF, XDF) as one of
its runs, as the app's Extract step does: copied into the data folder with its SHA-256 and read back. All the
files or none: a file that cannot be read or imported leaves no session behind. --data-dir DIR (or
NEUROFEAT_DATA_DIR) chooses the data folder.`,
  options: {
    patient: { type: 'string' },
    notes: { type: 'string' },
  },
  async run(args, io) {
    const [action, ...files] = args.positionals;
    if (action !== 'import') throw new UsageError(`expected 'import', got ${action === undefined ? 'nothing' : `'${terminalSafe(action)}'`}`);
    const code = stringFlag(args, 'patient');
    if (code === undefined || code.trim() === '') throw new UsageError('--patient CODE is required');
    if (files.length === 0) throw new UsageError('expected at least one recording FILE');
    for (const file of files) checkInputFile(file);
    const dataDir = resolveDataDir(stringFlag(args, 'data-dir'));
    const db = openDatabase(dataDir, 'cli');
    try {
      const patient = findPatientByCode(db, code);
      if (!patient) throw new UsageError(`there is no patient with code ${terminalSafe(code)} in ${terminalSafe(dataDir)} (neurofeat patient add --code ${terminalSafe(code)})`);
      const { session, runs } = await importSession(db, dataDir, patient.id, files, stringFlag(args, 'notes') ?? '');
      const listed = runs.map((run) => ({ id: run.id, file: path.join(dataDir, run.file), originalName: run.originalName, sha256: run.sha256, trialsPerClass: run.trialsPerClass }));
      if (args.values.json === true) printJson(io, { patient: patient.code, session: { id: session.id, startedAt: session.startedAt }, runs: listed });
      else {
        io.out(`Created session ${session.id} of patient ${terminalSafe(patient.code)} with ${runs.length} run${runs.length === 1 ? '' : 's'}:\n`);
        for (const run of listed) {
          const trials = Object.entries(run.trialsPerClass).map(([label, n]) => `${terminalSafe(label)} ${n}`).join(', ');
          io.out(`  run ${run.id}: ${terminalSafe(run.originalName)} (${trials || 'no trials'}), SHA-256 ${run.sha256}\n`);
        }
      }
      return 0;
    } finally {
      db.close();
      await closeComputeWorkers();
    }
  },
};
