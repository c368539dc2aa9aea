// `neurofeat patient add|list`: patient records from the command line, with the same rules as the app.
import { patientInput, type Patient } from '../../contract/api.ts';
import { ApiFailure } from '../../contract/errors.ts';
import { openDatabase } from '../../services/storage/database.ts';
import { createPatient, listPatients } from '../../services/storage/patients.ts';
import { resolveDataDir } from '../../services/paths.ts';
import { recoverReadOnly } from '../../services/storage/recovery.ts';
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { terminalSafe } from '../terminal-text.ts';

/** Contract field names as the command line spells them. */
const flagOf: Record<string, string> = { code: '--code', birthYear: '--birth-year', lesionSide: '--lesion-side', dominantHand: '--dominant-hand', notes: '--notes' };

export const patientCommand: Command = {
  help: `Usage: neurofeat patient add --code CODE [--birth-year YYYY] [--lesion-side left|right|bilateral|none|unknown]
                         [--dominant-hand left|right|ambidextrous|unknown] [--notes TEXT] [--json]
       neurofeat patient list [--json] [--recover]

Patients are identified by a pseudonymous code, never a name. --data-dir DIR (or NEUROFEAT_DATA_DIR)
chooses the data folder. A damaged database is refused and left as it is; --recover lists what it still
holds (patients and sessions) read-only, without writing to it.`,
  options: {
    code: { type: 'string' },
    'birth-year': { type: 'string' },
    'lesion-side': { type: 'string' },
    'dominant-hand': { type: 'string' },
    notes: { type: 'string' },
    recover: { type: 'boolean' },
  },
  async run(args, io) {
    const [action, ...extra] = args.positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (action !== 'add' && action !== 'list') throw new UsageError(`expected 'add' or 'list', got ${action === undefined ? 'nothing' : `'${action}'`}`);
    const dataDir = resolveDataDir(stringFlag(args, 'data-dir'));
    const json = args.values.json === true;
    if (args.values.recover === true) {
      if (action !== 'list') throw new UsageError('--recover goes with list only: a damaged database is never written to');
      const recovery = recoverReadOnly(dataDir);
      if (json) printJson(io, { recovered: true, ...recovery });
      else {
        io.out(`Read-only recovery of ${terminalSafe(recovery.file)} (nothing was written to it):\n`);
        for (const t of recovery.tables) {
          io.out(`  ${t.table}: ${t.rows.length} rows read` + (t.unreadableRows > 0 ? `, ${t.unreadableRows} unreadable` : '') + (t.error ? ` (${terminalSafe(t.error)})` : '') + '\n');
        }
        for (const row of recovery.tables[0].rows) io.out(`  ${terminalSafe(describe(row as unknown as Patient))}\n`);
      }
      return 0;
    }
    try {
      const db = openDatabase(dataDir, 'cli');
      try {
        if (action === 'list') {
          const patients = listPatients(db);
          if (json) printJson(io, { patients });
          else io.out(patients.length === 0 ? 'No patients.\n' : patients.map((p) => terminalSafe(describe(p))).join('\n') + '\n');
          return 0;
        }
        const birthYear = stringFlag(args, 'birth-year');
        // Number() would read '0x76C' as 1900 and '1e3' as 1000: a year is written in decimal digits only.
        if (birthYear !== undefined && !/^\d{1,4}$/.test(birthYear.trim())) {
          throw new UsageError(`--birth-year: expected a year in decimal digits such as 1958, got '${terminalSafe(birthYear)}'`);
        }
        const parsed = patientInput.parse({
          code: stringFlag(args, 'code'),
          birthYear: birthYear === undefined ? undefined : Number(birthYear),
          lesionSide: stringFlag(args, 'lesion-side'),
          dominantHand: stringFlag(args, 'dominant-hand'),
          notes: stringFlag(args, 'notes'),
        });
        if (!parsed.ok) {
          const field = parsed.issue.path.split('.')[0];
          throw new UsageError(`${flagOf[field] ?? field}: ${parsed.issue.message}`);
        }
        const patient = createPatient(db, parsed.value);
        if (json) printJson(io, { patient });
        else io.out(`Created ${terminalSafe(describe(patient))}\n`);
        return 0;
      } finally {
        db.close();
      }
    } catch (error) {
      if (error instanceof ApiFailure) {
        throw new UsageError(error.error.recovery ? `${error.error.message} ${error.error.recovery}` : error.error.message);
      }
      throw error;
    }
  },
};

function describe(p: Patient): string {
  const born = p.birthYear === null ? 'year of birth not recorded' : `born ${p.birthYear}`;
  return `patient ${p.code} (id ${p.id}, ${born}, lesion ${p.lesionSide}, dominant hand ${p.dominantHand})`;
}
