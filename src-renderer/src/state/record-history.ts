// The record history of the progress screen as pure functions: each audit entry worded as one line (when, who, what) in the window's language, and how many entries to ask for next.
import {
  AUDIT_LIST_MAX, assessmentScaleIds, assessmentScales, isAuditAction,
  type AssessmentScaleId, type AuditAction, type AuditEntry,
} from '../../../src-main/contract/index.ts';
import { dayText } from './assessments.ts';
import { percentOne, type ReviewWords } from './review.ts';

/** What the lines need: the review's words, a day as the locale writes it, and a moment as its date and time. */
export type HistoryWords = ReviewWords & { date: (iso: string) => string; dateTime: (iso: string) => string };

/** One entry as the panel shows it. */
export interface HistoryLine {
  id: number;
  /** The entry's ISO time, for `<time datetime>`. */
  at: string;
  when: string;
  who: string;
  what: string;
  /** The session the entry is about, when it still exists (a discarded session has nothing to open). */
  sessionId: number | null;
}

/** Entries shown at first, and how many more each "Show more" asks for. */
export const HISTORY_PAGE = 50;

/** The limit of the next `audit.list` after "Show more": one page more, never above the API's maximum. */
export const nextHistoryLimit = (limit: number): number => Math.min(AUDIT_LIST_MAX, limit + HISTORY_PAGE);

/** Whether the log may hold older entries than those shown (a full page came back) that one more call can reach. */
export const mayHaveMore = (shown: number, limit: number): boolean => shown >= limit && limit < AUDIT_LIST_MAX;

type Details = Record<string, unknown>;

const numberOf = (details: Details, key: string): number | null => (typeof details[key] === 'number' && Number.isFinite(details[key]) ? details[key] : null);
const textOf = (details: Details, key: string): string | null => (typeof details[key] === 'string' && details[key] !== '' ? details[key] : null);
const countOf = (details: Details, key: string): number => (Array.isArray(details[key]) ? details[key].length : 0);
/** A value that an older or damaged entry lacks is shown as a question mark, never hidden. */
const shown = (value: string | number | null): string | number => value ?? '?';

const isScale = (scale: string | null): scale is AssessmentScaleId => scale !== null && (assessmentScaleIds as readonly string[]).includes(scale);

function familyText(details: Details, words: ReviewWords): string {
  const family = textOf(details, 'family');
  if (family === null) return '?';
  if (family === 'auto') return words.t('review.table.autoFamily');
  const key = `train.families.${family}`;
  const text = words.t(key);
  return text === key ? family : text;
}

function minutesText(words: ReviewWords, seconds: number | null): string {
  return seconds === null ? '?' : words.n(seconds / 60, { maximumFractionDigits: 1 });
}

/** The "what" of an entry this version writes, from its details. */
function actionText(action: AuditAction, details: Details, words: HistoryWords): string {
  const k = (key: string) => `review.history.actions.${key}`;
  const session = shown(numberOf(details, 'sessionId'));
  const file = shown(textOf(details, 'file'));
  switch (action) {
    case 'audit.started':
      return words.t(k('auditStarted'));
    case 'patient.created':
      return words.t(k('patientCreated'), { code: shown(textOf(details, 'code')) });
    case 'patient.imported':
      return words.t(k('patientImported'), {
        code: shown(textOf(details, 'code')), archive: shown(textOf(details, 'archive')),
        sessions: countOf(details, 'sessionIds'), runs: countOf(details, 'runIds'), attempts: countOf(details, 'attemptIds'), assessments: countOf(details, 'assessmentIds'),
      });
    case 'patient.exported':
      return words.t(k('patientExported'), { code: shown(textOf(details, 'code')), file, sessions: shown(numberOf(details, 'sessions')), runs: shown(numberOf(details, 'runs')), attempts: shown(numberOf(details, 'attempts')) });
    case 'session.created':
      return words.t(k('sessionCreated'), { session });
    case 'session.discarded':
      return words.t(k('sessionDiscarded'), { session, runs: countOf(details, 'runIds') }, countOf(details, 'runIds'));
    case 'run.registered': {
      // An app recording is registered when it starts, before its file has a digest; an imported file has one.
      const started = details.sha256 === null;
      return words.t(k(started ? 'recordingStarted' : 'recordingRegistered'), { file, kind: words.t(k(`kinds.${textOf(details, 'kind') ?? 'imported'}`)) });
    }
    case 'run.completed': {
      const lost = numberOf(details, 'lostSamples') ?? 0;
      const base = words.t(k(details.interrupted === true ? 'recordingInterrupted' : 'recordingCompleted'), { file, minutes: minutesText(words, numberOf(details, 'durationSec')) });
      return lost > 0 ? `${base} ${words.t(k('samplesLost'), { n: lost }, lost)}` : base;
    }
    case 'run.outcome': {
      const accuracy = numberOf(details, 'accuracy');
      const params = {
        kind: words.t(k(`kinds.${textOf(details, 'kind') === 'online' ? 'online' : 'calibration'}`)),
        done: shown(numberOf(details, 'trialsDone')), planned: shown(numberOf(details, 'trialsPlanned')),
        accuracy: accuracy === null ? '' : percentOne(words, accuracy),
      };
      const key = details.aborted === true ? 'outcomeStopped' : 'outcome';
      return words.t(k(accuracy === null ? key : `${key}Accuracy`), params);
    }
    case 'run.abandoned':
      return words.t(k('recordingAbandoned'), { file });
    case 'attempt.stored': {
      const accuracy = numberOf(details, 'accuracy');
      const params = { family: familyText(details, words), accuracy: accuracy === null ? '' : percentOne(words, accuracy) };
      return words.t(k(accuracy === null ? 'attemptStored' : 'attemptStoredAccuracy'), params);
    }
    case 'model.chosen': {
      const previous = numberOf(details, 'previousAttemptId');
      const params = { attempt: shown(numberOf(details, 'attemptId')), previous: shown(previous) };
      return words.t(k(previous === null ? 'modelChosen' : 'modelReplaced'), params);
    }
    case 'impedance.measured': {
      const channels = numberOf(details, 'channels') ?? 0;
      const params = { channels, threshold: shown(numberOf(details, 'thresholdKOhm')) };
      return words.t(k(details.go === true ? 'impedanceGo' : 'impedanceOver'), params, channels);
    }
    case 'assessment.recorded': {
      const scale = textOf(details, 'scale');
      const assessedAt = textOf(details, 'assessedAt');
      const params = { scale: isScale(scale) ? assessmentScales[scale].abbreviation : shown(scale), score: shown(numberOf(details, 'score')), day: assessedAt === null ? '?' : dayText(words, assessedAt) };
      return words.t(k(numberOf(details, 'replaces') === null ? 'assessmentRecorded' : 'assessmentCorrected'), params);
    }
  }
}

/** Who wrote the entry: the app or a `neurofeat` command; an actor this version does not know shows as written. */
function actorText(actor: string, words: ReviewWords): string {
  return actor === 'app' || actor === 'cli' ? words.t(`review.history.actors.${actor}`) : actor;
}

/** One entry as a line; an action this version does not write shows its code and subject rather than nothing. */
export function historyLine(entry: AuditEntry, words: HistoryWords): HistoryLine {
  const details = entry.details;
  const what = isAuditAction(entry.action) ? actionText(entry.action, details, words) : words.t('review.history.unknown', { action: entry.action, subject: entry.subject });
  const session = numberOf(details, 'sessionId');
  return {
    id: entry.id,
    at: entry.at,
    when: words.dateTime(entry.at),
    who: actorText(entry.actor, words),
    what,
    sessionId: session !== null && Number.isInteger(session) && session > 0 && entry.action !== 'session.discarded' ? session : null,
  };
}
