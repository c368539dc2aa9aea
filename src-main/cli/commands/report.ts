// `neurofeat report --patient CODE --out FILE.html|.pdf`: a patient's progress report, the same file the app exports.
import { randomBytes } from 'node:crypto';
import { linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reportLanguages, type ReportFormat, type ReportLanguage } from '../../contract/api.ts';
import { renderReport } from '../../services/reports/report-file.ts';
import { softwareVersion } from '../../services/version.ts';
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { fileErrorReason } from '../input-file.ts';
import { patientCodeFlag, readPatientReview } from '../patient-review-reader.ts';
import { terminalSafe } from '../terminal-text.ts';

const formatOfExtension: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

export const reportCommand: Command = {
  help: `Usage: neurofeat report --patient CODE --out FILE.html|FILE.pdf [--lang en|fr] [--force] [--json]

Writes the patient's progress report (docs/review.md, "Reports"): the patient, the trend of the online
accuracy, a chart of accuracy over the weeks, every session's figures and notes on method. The format
follows OUT's extension: .html (one self-contained file, no script) or .pdf (A4).
  --patient CODE  the patient's pseudonymous code
  --out FILE      where to write; an existing file is never replaced without --force
  --lang en|fr    the report's language (default en)
  --force         replace FILE if it exists
--data-dir DIR (or NEUROFEAT_DATA_DIR) chooses the data folder. --json prints
{file, format, bytes, patient, sessions, generatedAt}.`,
  options: {
    patient: { type: 'string' },
    out: { type: 'string' },
    lang: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${terminalSafe(args.positionals[0])}'`);
    const code = patientCodeFlag(args);
    const out = stringFlag(args, 'out');
    if (out === undefined || out === '') throw new UsageError('--out: expected the file to write, ending in .html or .pdf');
    const format = formatOfExtension[path.extname(out).toLowerCase()];
    if (!format) throw new UsageError(`--out: expected a file ending in .html or .pdf, got '${terminalSafe(out)}'`);
    const lang = stringFlag(args, 'lang') ?? 'en';
    if (!(reportLanguages as readonly string[]).includes(lang)) throw new UsageError(`--lang: expected en or fr, got '${terminalSafe(lang)}'`);
    const force = args.values.force === true;
    const { review, dataDir } = readPatientReview(args, code);
    const file = renderReport(review, format, lang as ReportLanguage, { version: softwareVersion(), dataDir });
    const target = path.resolve(out);
    writeInPlace(target, file.bytes, force);
    const result = { file: target, format, bytes: file.bytes.length, patient: review.patient.code, sessions: review.sessions.length, generatedAt: review.generatedAt };
    if (args.values.json === true) printJson(io, result);
    else io.out(`Wrote ${terminalSafe(target)} (${format.toUpperCase()}, ${result.bytes} bytes): patient ${terminalSafe(result.patient)}, ${result.sessions} session${result.sessions === 1 ? '' : 's'}\n`);
    return 0;
  },
};

/**
 * Writes the whole file beside `target` under a temporary name, then moves it into place: a reader never sees half a
 * report. Without `force` the move is a hard link, which fails when `target` exists, so nothing is replaced.
 */
function writeInPlace(target: string, bytes: Uint8Array, force: boolean): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    writeFileSync(temporary, bytes, { flag: 'wx' });
    if (force) renameSync(temporary, target);
    else linkSync(temporary, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`--out: ${terminalSafe(target)} exists already (use --force to replace it)`);
    // The temporary name means nothing to the user: the reason is given for OUT.
    const reason = fileErrorReason(error);
    if (reason) throw new UsageError(`--out: cannot write ${terminalSafe(target)}: ${reason}`);
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}
