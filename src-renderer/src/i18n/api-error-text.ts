// Words an API error or a failed job's error in the user's language from its reason's parameters; the server's English sentence when there is no reason.
import { assessmentScales, isAssessmentScaleId, type ApiError, type ErrorDetail, type JobError } from '../../../src-main/contract/index.ts';

/** vue-i18n's `t` and `te` (or any pair with the same meaning: translate a key, and say whether it exists). */
export interface Translator {
  t(key: string, params?: Record<string, unknown>): string;
  te(key: string): boolean;
}

export interface ApiErrorText {
  title: string;
  message: string;
  /** What to do, in the user's language when the reason has a recovery; else the server's hint, or null. */
  recovery: string | null;
}

/** The message key and its parameters for a reason (a few reasons choose among keys by a parameter). */
function reasonMessage(detail: ErrorDetail, { t }: Translator): { key: string; params: Record<string, unknown>; recoveryKey: string } {
  switch (detail.reason) {
    case 'missing':
      return { key: 'missing', params: { ...detail.params, thing: t(`errors.things.${detail.params.thing}`) }, recoveryKey: 'missing' };
    case 'runs-differ':
      return { key: `runs-differ-${detail.params.what}`, params: detail.params, recoveryKey: 'runs-differ' };
    case 'file-changed':
      return { key: detail.params.missing ? 'file-missing' : 'file-changed', params: { ...detail.params, thing: t(`errors.things.${detail.params.thing}`) }, recoveryKey: 'file-changed' };
    case 'database-damaged':
      return { key: `database-damaged-${detail.params.problem}`, params: detail.params, recoveryKey: 'database-damaged' };
    case 'amplifier-busy':
      return { key: `amplifier-busy-${detail.params.recording ? 'recording' : 'monitoring'}`, params: { session: detail.params.sessionId ?? '?', patient: detail.params.patientCode ?? '?' }, recoveryKey: 'amplifier-busy' };
    case 'device-failed':
      return { key: `device-${detail.params.problem}`, params: { ...detail.params, target: detail.params.target ?? '?' }, recoveryKey: `device-${detail.params.problem}` };
    case 'model-mismatch':
      return { key: `model-mismatch-${detail.params.what}`, params: detail.params, recoveryKey: 'model-mismatch' };
    case 'display-missing':
      // The API counts displays from 0; the panel shows them from 1.
      return { key: 'display-missing', params: { display: detail.params.display + 1, count: detail.params.count }, recoveryKey: 'display-missing' };
    case 'protocol-state':
      return { key: `protocol-state-${detail.params.action}`, params: detail.params, recoveryKey: `protocol-state-${detail.params.action}` };
    case 'cue-not-owner':
      return {
        key: `cue-not-owner-${detail.params.ownerSessionId === null ? 'check' : 'session'}`,
        params: { session: detail.params.sessionId, owner: detail.params.ownerSessionId ?? '?', patient: detail.params.patientCode ?? '?' },
        recoveryKey: 'cue-not-owner',
      };
    case 'impedance-refused':
      return { key: `impedance-${detail.params.why}`, params: { ...detail.params, channel: detail.params.channel ?? '?', channels: detail.params.channels ?? '?' }, recoveryKey: `impedance-${detail.params.why}` };
    case 'assessment-refused': {
      const { why, scale, score, min, max, replaces } = detail.params;
      const abbreviation = isAssessmentScaleId(scale) ? assessmentScales[scale].abbreviation : scale;
      return { key: `assessment-${why}`, params: { scale: abbreviation, score, min: min ?? '?', max: max ?? '?', replaces: replaces ?? '?' }, recoveryKey: `assessment-${why}` };
    }
    case 'too-few-trials':
      return { key: 'too-few-trials', params: { folds: detail.params.folds, counts: detail.params.counts.map((n, c) => t('errors.trialCount', { className: detail.params.classes[c] ?? t('errors.classNumber', { n: c + 1 }), n })).join(', ') }, recoveryKey: 'too-few-trials' };
    case 'class-not-found':
      return { key: detail.params.events.length > 0 ? 'class-not-found' : 'class-not-found-no-event', params: { className: detail.params.className, events: detail.params.events.join(', ') }, recoveryKey: 'class-not-found' };
    case 'recordings-differ':
      return { key: `recordings-differ-${detail.params.what}`, params: detail.params, recoveryKey: 'runs-differ' };
    case 'recording-changed':
      return { key: detail.params.missing ? 'recording-missing' : 'recording-changed', params: detail.params, recoveryKey: 'recording-changed' };
    case 'model-unchecked':
      return { key: detail.params.trial === null ? 'model-unchecked-load' : 'model-unchecked', params: detail.params, recoveryKey: 'model-unchecked' };
    case 'trials-differ': {
      const [fminHz, fmaxHz] = detail.params.bandHz ?? [null, null];
      return { key: `trials-differ-${detail.params.stage}`, params: { ...detail.params, fminHz, fmaxHz }, recoveryKey: 'trials-differ' };
    }
    case 'channel-not-found':
      return { key: 'channel-not-found', params: { channel: detail.params.channel, channels: detail.params.channels.join(', ') }, recoveryKey: 'channel-not-found' };
    case 'no-default-classes':
      return { key: 'no-default-classes', params: { events: detail.params.events.join(', ') }, recoveryKey: 'no-default-classes' };
    case 'band-outside-features':
      return { key: detail.params.channel === null ? 'band-outside-features' : 'band-outside-features-channel', params: detail.params, recoveryKey: 'band-outside-features' };
    case 'no-candidate-feature':
      return { key: `no-candidate-feature-${detail.params.stage}`, params: detail.params, recoveryKey: `no-candidate-feature-${detail.params.stage}` };
    case 'already-exists':
      // A file (an export's target) is never opened from here: its recovery says to choose another name.
      return { key: 'already-exists', params: detail.params, recoveryKey: detail.params.thing === 'file' ? 'already-exists-file' : 'already-exists' };
    case 'archive-refused':
      return {
        key: `archive-${detail.params.problem}`,
        params: { file: detail.params.file, entry: detail.params.entry ?? t('errors.archiveItself') },
        recoveryKey: detail.params.problem === 'unknown-version' ? 'archive-unknown-version' : 'archive-refused',
      };
    default:
      return { key: detail.reason, params: detail.params, recoveryKey: detail.reason };
  }
}

/** The message and recovery of an error value (a refusal's or a failed job's): its reason worded, else the server's English. */
function reasonText(error: Pick<ApiError, 'message' | 'recovery' | 'detail'>, translator: Translator): Omit<ApiErrorText, 'title'> & { worded: boolean } {
  const { t, te } = translator;
  if (error.detail) {
    const { key, params, recoveryKey } = reasonMessage(error.detail, translator);
    if (te(`errors.reasons.${key}`)) {
      const recovery = te(`errors.recoveries.${recoveryKey}`) ? t(`errors.recoveries.${recoveryKey}`) : (error.recovery ?? null);
      return { message: t(`errors.reasons.${key}`, params), recovery, worded: true };
    }
  }
  return { message: error.message, recovery: error.recovery ?? null, worded: false };
}

export function apiErrorText(error: ApiError, translator: Translator): ApiErrorText {
  const { t, te } = translator;
  const title = te(`errors.codes.${error.code}`) ? t(`errors.codes.${error.code}`) : t('errors.title');
  const { message, recovery } = reasonText(error, translator);
  return { title, message, recovery };
}

/**
 * A failed job's error: its reason worded as a whole sentence with what to do (`worded`), else the job's English
 * message (which the screen leads with a few words for its code: the core's messages name a field or a file first).
 */
export function jobErrorText(error: JobError, translator: Translator): Omit<ApiErrorText, 'title'> & { worded: boolean } {
  return reasonText(error, translator);
}
