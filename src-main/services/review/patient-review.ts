// A patient's therapy over time, from the database: each session's runs, chosen model and online scores, and the trend.
import type { DatabaseSync } from 'node:sqlite';
import type { AssessmentSummary, Attempt, OnlineScore, OnlineTrend, PatientReview, ProtocolRunRecord, Session, SessionReview } from '../../contract/api.ts';
import { assessmentScaleIds, assessmentScales, mcidVerdict } from '../../contract/assessment-scales.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { chanceLevel, clopperPearson } from '../../core/ml/metrics.ts';
import { logisticTrend } from '../../core/stats/logistic-trend.ts';
import { currentSessionAssessments } from '../storage/assessments.ts';
import { listAttempts } from '../storage/attempts.ts';
import { listImpedanceMeasurements } from '../storage/impedance.ts';
import { findPatient, listSessions } from '../storage/patients.ts';
import { listRuns, type StoredRun } from '../storage/runs.ts';

const msPerWeek = 7 * 24 * 3600 * 1000;

/** The review of a patient (`review.patient`), read in one pass over the patient's sessions. */
export function patientReview(db: DatabaseSync, patientId: number, now = new Date()): PatientReview {
  const patient = findPatient(db, patientId);
  if (!patient) throw new ApiFailure('not-found', `There is no patient with id ${patientId}.`, undefined, detail('missing', { thing: 'patient', id: String(patientId) }));
  const sessions = [...listSessions(db, patientId)].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id - b.id);
  const first = sessions.length > 0 ? Date.parse(sessions[0].startedAt) : 0;
  const reviews = sessions.map((session) => sessionReview(db, session, (Date.parse(session.startedAt) - first) / msPerWeek));
  return { patient, sessions: reviews, onlineTrend: onlineTrend(reviews), assessments: assessmentSummaries(reviews), generatedAt: now.toISOString() };
}

function sessionReview(db: DatabaseSync, session: Session, week: number): SessionReview {
  const runs = listRuns(db, session.id);
  const attempts = listAttempts(db, session.id);
  const chosen = attempts.find((a) => a.chosen) ?? null;
  const online = runs.filter((r) => r.kind === 'online' && r.protocol).map((r) => onlineRun(r, r.protocol as ProtocolRunRecord));
  const impedance = listImpedanceMeasurements(db, session.id)[0] ?? null;
  return {
    sessionId: session.id,
    startedAt: session.startedAt,
    notes: session.notes,
    week,
    runs: {
      calibration: runs.filter((r) => r.kind === 'calibration').length,
      online: runs.filter((r) => r.kind === 'online').length,
      imported: runs.filter((r) => r.kind === 'imported').length,
      interrupted: runs.filter((r) => r.interrupted).length,
      lostSamples: runs.reduce((sum, r) => sum + r.lostSamples, 0),
      durationSec: runs.reduce((sum, r) => sum + r.durationSec, 0),
    },
    trialsPerClass: trainableTrials(runs),
    attempts: attempts.length,
    model: chosen ? chosenModel(chosen) : null,
    online,
    onlineTotal: score(online.reduce((sum, r) => sum + r.score.decided, 0), online.reduce((sum, r) => sum + r.score.correct, 0)),
    impedance: impedance && { measuredAt: impedance.measuredAt, thresholdKOhm: impedance.thresholdKOhm, go: impedance.go, over: impedance.channels.filter((c) => !c.go).map((c) => c.label) },
    assessments: currentSessionAssessments(db, session.id),
  };
}

/** Per scale with a score: the first and last session's score in force, the change and whether it reaches the MCID. */
function assessmentSummaries(sessions: SessionReview[]): AssessmentSummary[] {
  return assessmentScaleIds.flatMap((scale) => {
    const points = sessions.flatMap(({ sessionId, week, assessments }) =>
      assessments.filter((a) => a.scale === scale).map((a) => ({ sessionId, week, assessedAt: a.assessedAt, score: a.score })));
    if (points.length === 0) return [];
    const first = points[0];
    const last = points[points.length - 1];
    const change = points.length > 1 ? last.score - first.score : null;
    return [{ scale, sessions: points.length, first, last, change, mcid: change === null ? null : mcidVerdict(assessmentScales[scale], change) }];
  });
}

/** Trials per class of the runs a model can be trained on (calibration and imported; not online). */
function trainableTrials(runs: StoredRun[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const run of runs) {
    if (run.kind === 'online') continue;
    for (const [name, count] of Object.entries(run.trialsPerClass)) total[name] = (total[name] ?? 0) + count;
  }
  return total;
}

function chosenModel(attempt: Attempt): NonNullable<SessionReview['model']> {
  const v = attempt.validation;
  return {
    attemptId: attempt.id, family: attempt.family, classifier: attempt.classifier, classes: attempt.classes, scheme: v.scheme, nTrials: v.nTrials,
    accuracy: v.accuracy, ci95: v.ci95, significanceThreshold: v.significanceThreshold, significant: v.significant, kappa: v.kappa, auc: v.auc ?? null,
    features: attempt.features.map((f) => ({ channel: f.channel, bandHz: f.bandHz })),
  };
}

function onlineRun(run: StoredRun, record: ProtocolRunRecord): SessionReview['online'][number] {
  return {
    runId: run.id, createdAt: run.createdAt, trialsPlanned: record.trialsPlanned, trialsDone: record.trialsDone, aborted: record.aborted, provider: record.provider,
    score: score(record.decisions.length, record.decisions.filter((d) => d.correct).length),
  };
}

/** Correct of decided, with the exact interval and the chance level at that count. */
export function score(decided: number, correct: number): OnlineScore {
  if (decided === 0) return { decided, correct, accuracy: null, ci95: null, significanceThreshold: null, significant: false };
  const threshold = chanceLevel(decided, 2);
  return { decided, correct, accuracy: correct / decided, ci95: clopperPearson(correct, decided), significanceThreshold: threshold, significant: correct / decided > threshold };
}

/** Every decided online trial of every session, regressed on its session's week (a trial's order within a session does not enter). */
function onlineTrend(sessions: SessionReview[]): OnlineTrend {
  const weeks: number[] = [];
  const outcomes: number[] = [];
  let withTrials = 0;
  for (const { week, onlineTotal } of sessions) {
    if (onlineTotal.decided === 0) continue;
    withTrials++;
    for (let t = 0; t < onlineTotal.decided; t++) {
      weeks.push(week);
      outcomes.push(t < onlineTotal.correct ? 1 : 0);
    }
  }
  const base = { sessions: withTrials, trials: outcomes.length };
  if (outcomes.length === 0) return { fitted: false, ...base, problem: 'no-online-trials' };
  const fit = logisticTrend(weeks, outcomes);
  if (typeof fit === 'string') return { fitted: false, ...base, problem: fit };
  const at = (week: number) => 1 / (1 + Math.exp(-(fit.intercept + fit.slope * week)));
  return {
    fitted: true, ...base, oddsRatioPerWeek: Math.exp(fit.slope), oddsRatioCi95: [Math.exp(fit.slopeCi95[0]), Math.exp(fit.slopeCi95[1])], pValue: fit.pValue,
    fittedFirst: at(weeks[0]), fittedLast: at(weeks[weeks.length - 1]), intercept: fit.intercept, slope: fit.slope,
  };
}
