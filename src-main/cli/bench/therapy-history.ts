// A patient's therapy as the database would hold it after weeks of sessions (for the tests and `bench --suite review`; never imported by the app).
import type { DatabaseSync } from 'node:sqlite';
import { protocolDefaults, type Attempt, type ProtocolRunRecord } from '../../contract/api.ts';
import type { AssessmentScaleId } from '../../contract/assessment-scales.ts';
import { addAssessment } from '../../services/storage/assessments.ts';
import { chanceLevel, clopperPearson } from '../../core/ml/metrics.ts';
import { chooseModel, insertAttempt } from '../../services/storage/attempts.ts';
import { saveImpedanceMeasurement } from '../../services/storage/impedance.ts';
import { createPatient, createSession } from '../../services/storage/patients.ts';
import { insertRun } from '../../services/storage/runs.ts';

/** One session of the history: when, its online runs' decided and correct counts, the chosen model's CV accuracy. */
export interface HistorySession {
  day: number;
  notes?: string;
  /** [decided, correct] per online run. */
  online: [number, number][];
  /** Cross-validated accuracy of the chosen model over 40 trials; null: no model chosen (no attempt either). */
  cvCorrect: number | null;
  /** Labels of electrodes above 10 kΩ in the session's impedance measurement; null: none measured. */
  impedanceOver?: string[] | null;
  interruptedCalibration?: boolean;
  /** Clinical assessments of the session, assessed on its day; `mistyped`: first recorded with that score, then corrected to `score`. */
  assessments?: { scale: AssessmentScaleId; score: number; mistyped?: number }[];
}

/** Five sessions over six weeks, online accuracy rising from 55% to 85% (20 trials a run). */
export const risingHistory: HistorySession[] = [
  { day: 0, notes: 'first calibration', online: [[20, 11]], cvCorrect: 26, impedanceOver: ['C4'] },
  { day: 7, online: [[20, 12], [20, 13]], cvCorrect: 27, impedanceOver: [] },
  { day: 14, online: [[20, 14]], cvCorrect: 29, impedanceOver: null, interruptedCalibration: true },
  { day: 28, online: [[20, 15], [20, 16]], cvCorrect: 31, impedanceOver: [] },
  { day: 42, notes: 'last before discharge', online: [[20, 17]], cvCorrect: 33, impedanceOver: [] },
];

/**
 * The rising history with clinical assessments: FMA-UE 22 → 31 over five sessions (+9, beyond the 7.25 points of
 * the upper MCID estimate), the week-2 score first mistyped as 37 and corrected to 27; ARAT 10 → 14 at the first and
 * last sessions (+4, short of 5.7).
 */
export const assessedHistory: HistorySession[] = risingHistory.map((session, index) => ({
  ...session,
  assessments: [
    { scale: 'fma-ue' as const, score: [22, 25, 27, 30, 31][index], ...(index === 2 ? { mistyped: 37 } : {}) },
    ...(index === 0 || index === 4 ? [{ scale: 'arat' as const, score: index === 0 ? 10 : 14 }] : []),
  ],
}));

/**
 * `sessions` sessions three days apart, one 20-trial online run each, online accuracy climbing from 50% by one right
 * trial every four sessions, the model's CV accuracy by one every three, two electrodes over 10 kΩ every seventh
 * session, a note every tenth: a long therapy (40 sessions: a 3-page report).
 */
export function longHistory(sessions: number): HistorySession[] {
  return Array.from({ length: sessions }, (_, i) => ({
    day: 3 * i, notes: i % 10 === 0 ? `note for session ${i + 1}` : undefined, online: [[20, Math.min(20, 10 + Math.floor(i / 4))]], cvCorrect: Math.min(40, 22 + Math.floor(i / 3)), impedanceOver: i % 7 === 0 ? ['C3', 'C4'] : [],
  }));
}

const start = Date.parse('2026-09-07T09:00:00.000Z');
const electrodes = ['C3', 'Cz', 'C4', 'FC3', 'FC4', 'CP3', 'CP4', 'Pz'];

function onlineRecord(decided: number, correct: number, modelAttemptId: number | null): ProtocolRunRecord {
  const decisions = Array.from({ length: decided }, (_, trial) => {
    const cueClass = trial % 2 === 0 ? 1 : 2;
    const right = trial < correct;
    return { trial, cueClass, predictedClass: right ? cueClass : 3 - cueClass, correct: right, biasTrial: trial < 4 };
  });
  return {
    kind: 'online', settings: { ...protocolDefaults, trialsPerClass: decided / 2 }, modelAttemptId, aborted: false, fault: null,
    trialsPlanned: decided, trialsDone: decided, pausedSec: 0, provider: 'cpu', providerNote: null, decisions, accuracy: correct / decided,
    bias: 0.02, latencyMs: { p50: 0.8, p99: 1.5, n: 500 }, cues: [], cueDrawnMs: null, feedbackDrawnMs: null, trigger: null,
  };
}

/** Writes the history for a new patient `code`; returns the patient's and each session's id. */
export function seedTherapyHistory(db: DatabaseSync, code: string, history: HistorySession[] = risingHistory): { patientId: number; sessionIds: number[] } {
  const patient = createPatient(db, { code, birthYear: 1958, lesionSide: 'left', dominantHand: 'right', notes: 'ischaemic stroke, right hemiparesis' }, new Date(start - 86_400_000));
  const sessionIds = history.map((entry, index) => {
    const at = (minutes: number) => new Date(start + entry.day * 86_400_000 + minutes * 60_000);
    const session = createSession(db, patient.id, entry.notes ?? '', at(0));
    const run = (kind: 'calibration' | 'online', n: number, minutes: number, settings: unknown, interrupted = false) => insertRun(db, {
      sessionId: session.id, kind, file: `recordings/session-${session.id}/${kind}-${n}.bdf`, originalName: `${kind}-${n}.bdf`,
      sha256: (session.id * 100 + minutes).toString(16).padStart(64, '0'), bytes: 1_000_000, mtimeMs: at(minutes).getTime(), format: 'BDF+C', durationSec: 300,
      sampleRateHz: 250, channels: electrodes, events: [{ event: '769', count: 20 }, { event: '770', count: 20 }], trialsPerClass: { 769: 20, 770: 20 },
      quality: { flatChannels: [], railedChannels: [], noisyChannels: [], medianStd: 11.5, warnings: [] }, device: 'synthetic', settings, lostSamples: index === 1 ? 3 : 0, interrupted,
    }, at(minutes));
    run('calibration', 1, 5, null);
    run('calibration', 2, 12, null, entry.interruptedCalibration === true);
    let attemptId: number | null = null;
    if (entry.cvCorrect !== null) {
      const v = entry.cvCorrect;
      const attempt = insertAttempt(db, {
        sessionId: session.id, family: 'auto', classifier: 'svm', classes: ['769', '770'], runIds: [], parameters: {} as Attempt['parameters'],
        features: [{ family: 'psd', channel: 'C3', bandHz: [8, 12], stability: 0.9 }, { family: 'psd', channel: 'C4', bandHz: [18, 24], stability: 0.7 }],
        validation: {
          scheme: 'stratified 10-fold, seed 1', nTrials: 40, accuracy: v / 40, ci95: clopperPearson(v, 40), significanceThreshold: chanceLevel(40, 2),
          significant: v / 40 > chanceLevel(40, 2), balancedAccuracy: v / 40, kappa: 2 * (v / 40) - 1, confusion: [[v / 2, 20 - v / 2], [20 - v / 2, v / 2]], folds: [], auc: 0.5 + (v - 20) / 40,
        },
        rejected: [], model: null, modelNote: 'seeded', elapsedMs: 1000,
      }, at(20));
      chooseModel(db, session.id, attempt.id, at(21));
      attemptId = attempt.id;
    }
    entry.online.forEach(([decided, correct], k) => run('online', k + 1, 30 + 10 * k, { protocol: { outcome: onlineRecord(decided, correct, attemptId) } }));
    if (entry.impedanceOver) {
      const over = entry.impedanceOver;
      saveImpedanceMeasurement(db, {
        sessionId: session.id, device: 'cyton', measuredAt: at(2).toISOString(), thresholdKOhm: 10, go: over.length === 0,
        channels: electrodes.map((label, channel) => ({ channel, label, kOhm: over.includes(label) ? 24.5 : 4.2, go: !over.includes(label) })),
      }, at(2));
    }
    for (const { scale, score, mistyped } of entry.assessments ?? []) {
      const assessedAt = at(0).toISOString().slice(0, 10);
      const wrong = mistyped === undefined ? null : addAssessment(db, { sessionId: session.id, scale, score: mistyped, assessedAt, notes: '' }, at(50));
      addAssessment(db, { sessionId: session.id, scale, score, assessedAt, notes: wrong ? 'typing error corrected' : '', ...(wrong ? { replaces: wrong.id } : {}) }, at(wrong ? 55 : 50));
    }
    return session.id;
  });
  return { patientId: patient.id, sessionIds };
}
