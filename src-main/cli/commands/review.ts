// `neurofeat review --patient CODE`: a patient's therapy over time in the terminal, or the whole review as JSON for scripts.
import { reportLanguages, type ReportLanguage } from '../../contract/api.ts';
import { buildReport } from '../../services/reports/report-model.ts';
import { softwareVersion } from '../../services/version.ts';
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { patientCodeFlag, readPatientReview } from '../patient-review-reader.ts';
import { terminalSafe } from '../terminal-text.ts';

export const reviewCommand: Command = {
  help: `Usage: neurofeat review --patient CODE [--lang en|fr] [--json]

Prints the patient's progress over the sessions (docs/review.md): the trend of the online accuracy, each
session's runs, chosen model, online score and impedance, and the clinical assessments. The same figures as
the app's progress screen and the report, from the same review.
  --patient CODE  the patient's pseudonymous code
  --lang en|fr    the language of the text (default en; --json is language-free)
--data-dir DIR (or NEUROFEAT_DATA_DIR) chooses the data folder. --json prints the review as the API's
review.patient gives it: {patient, sessions[], onlineTrend, assessments, generatedAt}.`,
  options: {
    patient: { type: 'string' },
    lang: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${terminalSafe(args.positionals[0])}'`);
    const code = patientCodeFlag(args);
    const lang = stringFlag(args, 'lang') ?? 'en';
    if (!(reportLanguages as readonly string[]).includes(lang)) throw new UsageError(`--lang: expected en or fr, got '${terminalSafe(lang)}'`);
    const { review, dataDir } = readPatientReview(args, code);
    if (args.values.json === true) {
      printJson(io, review);
      return 0;
    }
    const report = buildReport(review, lang as ReportLanguage, { version: softwareVersion(), dataDir });
    const lines = [report.title, report.subtitle, '', report.verdict.sentence];
    if (report.verdict.basis) lines.push(report.verdict.basis);
    lines.push('', report.sessions.heading);
    if (report.sessions.empty) lines.push(report.sessions.empty);
    else lines.push(...textTable(report.sessions.columns.map((c) => ({ label: c.label.replace(/\n/g, ' '), right: c.align === 'right' })), report.sessions.rows));
    lines.push('', report.assessments.heading, ...(report.assessments.empty ? [report.assessments.empty] : report.assessments.sentences));
    io.out(`${lines.map(terminalSafe).join('\n')}\n`);
    return 0;
  },
};

/** Columns padded to their widest cell, numbers right-aligned, two spaces between. */
function textTable(columns: { label: string; right: boolean }[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(c.label.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (columns[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.label)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
