// `neurofeat export`: one archive file holding a patient's whole record, to move it to another workstation.
import { ApiFailure } from '../../contract/errors.ts';
import { resolveDataDir } from '../../services/paths.ts';
import { openDatabase } from '../../services/storage/database.ts';
import { exportPatient } from '../../services/transfer/export-patient.ts';
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { terminalSafe } from '../terminal-text.ts';

export const exportCommand: Command = {
  help: `Usage: neurofeat export --patient CODE --out FILE [--json]

Writes the patient's whole record to FILE, a POSIX tar archive (docs/files.md, "Patient archives"): the patient,
sessions, runs with their recordings, training attempts with their models, the chosen models and the impedance
measurements (not the feature cache, which is recomputed). Every file is checked against its stored SHA-256
first; a changed one is refused (exit 1). FILE must not exist; a failed export leaves nothing. Read it on the
other workstation with \`neurofeat import FILE\`. --data-dir DIR (or NEUROFEAT_DATA_DIR) chooses the data folder.`,
  options: {
    patient: { type: 'string' },
    out: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${terminalSafe(args.positionals[0])}'`);
    const code = stringFlag(args, 'patient');
    if (code === undefined || code.trim() === '') throw new UsageError('--patient CODE is required');
    const out = stringFlag(args, 'out');
    if (out === undefined || out.trim() === '') throw new UsageError('--out FILE is required');
    const dataDir = resolveDataDir(stringFlag(args, 'data-dir'));
    const db = openDatabase(dataDir, 'cli');
    try {
      const summary = await exportPatient(db, dataDir, code, out);
      if (args.values.json === true) printJson(io, summary);
      else {
        io.out(`Exported patient ${terminalSafe(summary.patient)} to ${terminalSafe(summary.file)} (${summary.bytes} bytes, SHA-256 ${summary.sha256}): `
          + `${summary.sessions} sessions, ${summary.runs} runs, ${summary.attempts} attempts, ${summary.models} models\n`);
      }
      return 0;
    } catch (error) {
      // A recording or model that changed since it was stored is a failure of the work (exit 1), not bad usage.
      if (error instanceof ApiFailure && error.error.code === 'file-changed') {
        io.err(`neurofeat export: ${terminalSafe(`${error.error.message} ${error.error.recovery ?? ''}`.trim())}\n`);
        return 1;
      }
      throw error;
    } finally {
      db.close();
    }
  },
};
