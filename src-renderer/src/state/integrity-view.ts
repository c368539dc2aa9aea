// The integrity check's result as the Settings page words it: one verdict, then each problem, as message keys with their parameters.
import { auditVerificationHolds, type AuditVerification } from '../../../src-main/contract/index.ts';

/** One line of the page: a message key under `settings.integrity` and its parameters. */
export interface IntegrityLine {
  key: string;
  params: Record<string, string | number>;
}

export interface IntegrityView {
  holds: boolean;
  verdict: IntegrityLine;
  /** Plural count for the verdict (problems when something does not hold). */
  count: number;
  problems: IntegrityLine[];
}

/** `decimal` writes the seconds the check took in the page's language (0.4, 0,4). */
export function integrityView(v: AuditVerification, decimal: (x: number) => string = (x) => x.toFixed(1)): IntegrityView {
  const problems: IntegrityLine[] = [];
  if (v.chain.firstBroken) problems.push({ key: `settings.integrity.chain.${v.chain.firstBroken.problem}`, params: { id: v.chain.firstBroken.id } });
  for (const f of [...v.recordings.missing, ...v.recordings.changed]) problems.push({ key: `settings.integrity.run.${f.problem}`, params: { id: f.runId, file: f.file } });
  for (const f of [...v.models.missing, ...v.models.changed]) problems.push({ key: `settings.integrity.model.${f.problem}`, params: { id: f.attemptId, file: f.file } });
  const holds = auditVerificationHolds(v);
  const counts = { entries: v.entries, recordings: v.recordings.checked, models: v.models.checked, seconds: decimal(v.elapsedMs / 1000) };
  return {
    holds,
    verdict: { key: holds ? 'settings.integrity.holds' : 'settings.integrity.fails', params: holds ? counts : { ...counts, n: problems.length } },
    count: holds ? v.entries : problems.length,
    problems,
  };
}
