// `neurofeat audit verify`: the data folder's integrity: the audit log's hash chain, every recording and every model against its SHA-256.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { auditVerificationHolds, type AuditChainProblem, type AuditVerification, type StoredFileProblem } from '../../contract/api.ts';
import { ApiFailure } from '../../contract/errors.ts';
import { verifyDataFolder } from '../../services/data-folder-check.ts';
import { DATABASE_FILE, openDatabase } from '../../services/storage/database.ts';
import { resolveDataDir } from '../../services/paths.ts';
import { printJson, stringFlag, UsageError, type Command, type CommandIo } from '../command.ts';
import { terminalSafe } from '../terminal-text.ts';

const chainWords: Record<AuditChainProblem, string> = {
  edited: 'its content no longer matches its hash (edited)',
  missing: 'the entry before it is missing',
  reordered: 'it is out of order (reordered)',
};

const fileWords: Record<StoredFileProblem, string> = {
  missing: 'missing',
  'size-changed': 'changed (another size than registered)',
  'content-changed': 'changed (another SHA-256 than registered)',
};

export const auditCommand: Command = {
  help: `Usage: neurofeat audit verify [--data-dir DIR] [--json]

Checks the data folder (--data-dir DIR, or NEUROFEAT_DATA_DIR, or the default folder):
  - the audit log: every entry's SHA-256 recomputed along the hash chain; the first broken entry is named
    (edited, missing, reordered);
  - every complete recording: present, of its registered size, of its registered SHA-256;
  - every model file of a training attempt: present, of its registered SHA-256.
Nothing is written, except that a database of an older NeuroFeat is brought up to date first, as any
command does (its audit log then starts with an 'audit.started' entry counting what existed before).

Exit codes: 0 everything holds, 1 something does not (or the database itself is damaged),
2 bad usage or no database in the folder.
--json prints { entries, chain: { intact, firstBroken }, recordings: { checked, intact, changed, missing },
models: { ... }, elapsedMs }.`,
  options: {},
  async run(args, io) {
    const [action, ...extra] = args.positionals;
    if (action !== 'verify') throw new UsageError(`expected 'verify', got ${action === undefined ? 'nothing' : `'${terminalSafe(action)}'`}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${terminalSafe(extra[0])}'`);
    const dataDir = resolveDataDir(stringFlag(args, 'data-dir'));
    if (!existsSync(path.join(dataDir, DATABASE_FILE))) throw new UsageError(`there is no NeuroFeat database (${DATABASE_FILE}) in ${dataDir}`);
    let db;
    try {
      db = openDatabase(dataDir, 'cli');
    } catch (error) {
      // A damaged database is an integrity failure, not bad usage.
      if (error instanceof ApiFailure && error.error.detail?.reason === 'database-damaged') {
        io.err(`neurofeat audit: ${terminalSafe(error.error.message)}\n`);
        return 1;
      }
      throw error;
    }
    try {
      const result = await verifyDataFolder(db, dataDir);
      if (args.values.json === true) printJson(io, result);
      else printSummary(io, dataDir, result);
      return auditVerificationHolds(result) ? 0 : 1;
    } finally {
      db.close();
    }
  },
};

function printSummary(io: CommandIo, dataDir: string, v: AuditVerification): void {
  const lines = [`Data folder ${terminalSafe(dataDir)}:`];
  const broken = v.chain.firstBroken;
  lines.push(`  audit log: ${v.entries} entr${v.entries === 1 ? 'y' : 'ies'}, ${broken ? `chain broken at entry ${broken.id}: ${chainWords[broken.problem]}` : 'chain intact'}`);
  lines.push(`  recordings: ${v.recordings.checked} checked, ${v.recordings.intact} intact`);
  for (const f of [...v.recordings.missing, ...v.recordings.changed]) lines.push(`    run ${f.runId} (${terminalSafe(f.file)}): ${fileWords[f.problem]}`);
  lines.push(`  models: ${v.models.checked} checked, ${v.models.intact} intact`);
  for (const f of [...v.models.missing, ...v.models.changed]) lines.push(`    attempt ${f.attemptId} (${terminalSafe(f.file)}): ${fileWords[f.problem]}`);
  lines.push(auditVerificationHolds(v) ? `Everything holds (${(v.elapsedMs / 1000).toFixed(1)} s).` : 'Something does not hold: see above.');
  io.out(lines.join('\n') + '\n');
}
