// The record history's lines as pure functions: every action the storage layer writes (the contract's list) worded in English and French, a seeded therapy's real entries, unknown actions and actors, missing details, and "Show more"'s limits.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_LIST_MAX, auditActions, type AuditAction, type AuditEntry } from '../../../src-main/contract/index.ts';
import { historyLine, HISTORY_PAGE, mayHaveMore, nextHistoryLimit, type HistoryWords } from '../../../src-renderer/src/state/record-history.ts';
import { reviewWords } from '../../support/review-words.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { listAudit } from '../../../src-main/services/storage/audit.ts';
import { assessedHistory, seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';

/** The no-break space French puts before % as Intl formats it here (narrow in Chromium's ICU, plain in some Node builds). */
const nb = new Intl.NumberFormat('fr', { style: 'percent' }).format(0.5).replace(/[\d%]/g, '');

const words = (locale: 'en' | 'fr'): HistoryWords => ({ ...reviewWords(locale), dateTime: (iso) => `@${iso}` });

const entry = (action: string, details: Record<string, unknown>, actor = 'app', subject = 'session:4'): AuditEntry =>
  ({ id: 9, at: '2026-09-14T09:21:00.000Z', actor, action, subject, details, prevHash: '0'.repeat(64), hash: 'f'.repeat(64) }) as AuditEntry;

/** Details as the storage functions write them (docs/architecture.md's table), and the line in English and French. */
const cases: Record<AuditAction, { details: Record<string, unknown>; en: string; fr: string }> = {
  'audit.started': {
    details: { before: { patients: 2, sessions: 3, runs: 5, attempts: 1, impedanceMeasurements: 0 } },
    en: 'Audit log started; what existed before it is not covered.',
    fr: 'Journal d’audit commencé ; ce qui existait avant n’y figure pas.',
  },
  'patient.created': { details: { patientId: 1, code: 'P-007' }, en: 'Patient P-007 created.', fr: 'Patient P-007 créé.' },
  'patient.imported': {
    details: { patientId: 1, code: 'P-007', archive: 'p-007.nfpatient', manifestSha256: 'a'.repeat(64), exportedAt: '2026-09-01T00:00:00Z', sourcePatientId: 4, sessionIds: [3, 4], runIds: [5, 6, 7], attemptIds: [8], assessmentIds: [], archiveVersion: 1 },
    en: 'Patient P-007 imported from p-007.nfpatient (sessions: 2, recordings: 3, training attempts: 1, assessments: 0).',
    fr: 'Patient P-007 importé depuis p-007.nfpatient (séances : 2, enregistrements : 3, essais d’entraînement : 1, évaluations : 0).',
  },
  'patient.exported': {
    details: { patientId: 1, code: 'P-007', file: '/media/usb/P-007.tar', bytes: 34_000_000, sha256: 'b'.repeat(64), sessions: 2, runs: 3, attempts: 1 },
    en: 'Patient P-007 exported to /media/usb/P-007.tar (sessions: 2, recordings: 3, training attempts: 1).',
    fr: 'Patient P-007 exporté vers /media/usb/P-007.tar (séances : 2, enregistrements : 3, essais d’entraînement : 1).',
  },
  'session.created': { details: { patientId: 1, sessionId: 4 }, en: 'Session 4 created.', fr: 'Séance 4 créée.' },
  'session.discarded': {
    details: { patientId: 1, sessionId: 4, runIds: [11, 12], reason: 'The file is not BDF.' },
    en: 'Session 4 removed after its import was refused (2 recordings removed).',
    fr: 'Séance 4 retirée après le refus de son import (2 enregistrements retirés).',
  },
  'run.registered': {
    details: { patientId: 1, sessionId: 4, kind: 'calibration', file: 'recordings/session-4/calibration-1.bdf', originalName: 'calibration-1.bdf', sha256: null, bytes: null },
    en: 'Recording started (calibration): recordings/session-4/calibration-1.bdf.',
    fr: 'Enregistrement démarré (calibration) : recordings/session-4/calibration-1.bdf.',
  },
  'run.completed': {
    details: { patientId: 1, sessionId: 4, file: 'recordings/session-4/online-1.bdf', sha256: 'b'.repeat(64), bytes: 1000, durationSec: 330, interrupted: true, lostSamples: 3 },
    en: 'Recording completed after an interruption: recordings/session-4/online-1.bdf, 5.5 min. 3 samples lost.',
    fr: 'Enregistrement terminé après une interruption : recordings/session-4/online-1.bdf, 5,5 min. 3 échantillons perdus.',
  },
  'run.outcome': {
    details: { patientId: 1, sessionId: 4, kind: 'online', aborted: false, trialsDone: 20, trialsPlanned: 20, accuracy: 0.85, modelAttemptId: 2 },
    en: 'Protocol outcome saved (online run): 20 of 20 trials, accuracy 85.0%.',
    fr: `Résultat du protocole enregistré (passage en ligne) : 20 essais sur 20, précision 85,0${nb}%.`,
  },
  'run.abandoned': {
    details: { patientId: 1, sessionId: 4, file: 'recordings/session-4/online-2.bdf' },
    en: 'Recording abandoned before any sample was written: recordings/session-4/online-2.bdf.',
    fr: 'Enregistrement abandonné avant tout échantillon écrit : recordings/session-4/online-2.bdf.',
  },
  'attempt.stored': {
    details: { patientId: 1, sessionId: 4, family: 'csp-lda', classifier: 'lda', runIds: [5], accuracy: 0.825, model: null },
    en: 'Training attempt stored: CSP + LDA, cross-validated accuracy 82.5%.',
    fr: `Essai d’entraînement enregistré : CSP + LDA, précision en validation croisée 82,5${nb}%.`,
  },
  'model.chosen': {
    details: { patientId: 1, sessionId: 4, attemptId: 7, previousAttemptId: 6, model: null },
    en: 'Model chosen: training attempt 7, replacing attempt 6.',
    fr: 'Modèle choisi : essai d’entraînement 7, à la place de l’essai 6.',
  },
  'impedance.measured': {
    details: { patientId: 1, sessionId: 4, device: 'cyton', measuredAt: '2026-09-14T09:02:00.000Z', thresholdKOhm: 10, channels: 8, go: false },
    en: 'Impedance measured on 8 electrodes: some above 10 kΩ.',
    fr: 'Impédance mesurée sur 8 électrodes : certaines au-dessus de 10 kΩ.',
  },
  'assessment.recorded': {
    details: { patientId: 1, sessionId: 4, assessmentId: 3, scale: 'fma-ue', score: 27, assessedAt: '2026-09-21', replaces: 2 },
    en: 'FMA-UE score corrected to 27 (assessed on 2026-09-21); the earlier score stays in the record.',
    fr: 'Score FMA-UE corrigé en 27 (évalué le 2026-09-21) ; le score précédent reste dans le dossier.',
  },
};

describe('every action the storage layer writes has a wording', () => {
  it.each([...auditActions])('%s, in English and French', (action) => {
    const { details, en, fr } = cases[action];
    expect(historyLine(entry(action, details), words('en')).what).toBe(en);
    expect(historyLine(entry(action, details), words('fr')).what).toBe(fr);
  });

  it('the variants: started or imported, completed whole, stopped early, no accuracy, first model, all below the threshold, a first score', () => {
    const en = (action: AuditAction, details: Record<string, unknown>) => historyLine(entry(action, details), words('en')).what;
    const fr = (action: AuditAction, details: Record<string, unknown>) => historyLine(entry(action, details), words('fr')).what;
    expect(en('run.registered', { ...cases['run.registered'].details, kind: 'imported', sha256: 'c'.repeat(64) })).toBe('Recording added (imported): recordings/session-4/calibration-1.bdf.');
    expect(en('run.completed', { ...cases['run.completed'].details, interrupted: false, lostSamples: 0, durationSec: 300 })).toBe('Recording completed: recordings/session-4/online-1.bdf, 5 min.');
    expect(en('run.outcome', { ...cases['run.outcome'].details, kind: 'calibration', aborted: true, trialsDone: 12, trialsPlanned: 40, accuracy: null }))
      .toBe('Protocol outcome saved (calibration run, stopped early): 12 of 40 trials.');
    expect(fr('run.outcome', { ...cases['run.outcome'].details, aborted: true, trialsDone: 12, accuracy: 0.5 }))
      .toBe(`Résultat du protocole enregistré (passage en ligne, arrêté avant la fin) : 12 essais sur 20, précision 50,0${nb}%.`);
    expect(en('attempt.stored', { ...cases['attempt.stored'].details, family: 'auto' })).toBe('Training attempt stored: Automatic choice, cross-validated accuracy 82.5%.');
    expect(en('attempt.stored', { ...cases['attempt.stored'].details, family: 'new-family', accuracy: undefined })).toBe('Training attempt stored: new-family.');
    expect(en('model.chosen', { ...cases['model.chosen'].details, previousAttemptId: null })).toBe('Model chosen: training attempt 7.');
    expect(fr('impedance.measured', { ...cases['impedance.measured'].details, go: true, channels: 1 })).toBe('Impédance mesurée sur 1 électrode : toutes sous 10 kΩ.');
    expect(en('assessment.recorded', { ...cases['assessment.recorded'].details, scale: 'arat', replaces: null })).toBe('ARAT score 27 recorded (assessed on 2026-09-21).');
    expect(en('session.discarded', { ...cases['session.discarded'].details, runIds: [11] })).toBe('Session 4 removed after its import was refused (1 recording removed).');
  });

  it('a value an entry lacks shows as a question mark, never a placeholder or nothing', () => {
    expect(historyLine(entry('patient.created', {}), words('en')).what).toBe('Patient ? created.');
    expect(historyLine(entry('run.completed', { file: 7 }), words('fr')).what).toBe('Enregistrement terminé : ?, ? min.');
  });
});

describe('a line: when, who, what, the session to open', () => {
  it('the time as the locale writes it, the app or the command line, an unknown actor and action as their codes', () => {
    const line = historyLine(entry('session.created', { patientId: 1, sessionId: 4 }, 'cli'), words('fr'));
    expect(line).toEqual({ id: 9, at: '2026-09-14T09:21:00.000Z', when: '@2026-09-14T09:21:00.000Z', who: 'Ligne de commande', what: 'Séance 4 créée.', sessionId: 4 });
    expect(historyLine(entry('session.created', { sessionId: 4 }), words('en')).who).toBe('NeuroFeat app');
    const unknown = historyLine(entry('run.renamed', { sessionId: 4 }, 'robot', 'run:12'), words('en'));
    expect([unknown.who, unknown.what]).toEqual(['robot', 'run.renamed (run:12)']);
  });

  it('links the session an entry names, except one that was discarded or not a session id', () => {
    expect(historyLine(entry('run.abandoned', cases['run.abandoned'].details), words('en')).sessionId).toBe(4);
    expect(historyLine(entry('session.discarded', cases['session.discarded'].details), words('en')).sessionId).toBeNull();
    expect(historyLine(entry('patient.created', cases['patient.created'].details), words('en')).sessionId).toBeNull();
    expect(historyLine(entry('session.created', { sessionId: '4' }), words('en')).sessionId).toBeNull();
    expect(historyLine(entry('session.created', { sessionId: 2.5 }), words('en')).sessionId).toBeNull();
  });
});

describe('"Show more"', () => {
  it('asks for one page more each time, never above the API maximum, and stops when a page came back short', () => {
    expect(HISTORY_PAGE).toBe(50);
    expect(nextHistoryLimit(50)).toBe(100);
    expect(nextHistoryLimit(AUDIT_LIST_MAX - 10)).toBe(AUDIT_LIST_MAX);
    expect(nextHistoryLimit(AUDIT_LIST_MAX)).toBe(AUDIT_LIST_MAX);
    expect([mayHaveMore(50, 50), mayHaveMore(49, 50), mayHaveMore(AUDIT_LIST_MAX, AUDIT_LIST_MAX)]).toEqual([true, false, false]);
  });
});

describe('a seeded therapy, through the storage functions', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-record-history-'));
  const db = openDatabase(dir);
  const { patientId, sessionIds } = seedTherapyHistory(db, 'RH-001', assessedHistory);
  const entries = listAudit(db, { patientId, limit: AUDIT_LIST_MAX });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every entry is about the patient, its action one the contract lists, worded in both languages without a message key left', () => {
    expect(entries.length).toBeGreaterThan(40);
    for (const e of entries) {
      expect(auditActions as readonly string[]).toContain(e.action);
      for (const locale of ['en', 'fr'] as const) {
        const what = historyLine(e, words(locale)).what;
        expect(what).not.toMatch(/review\.|\{|\?/);
        expect(what).not.toContain(e.action);
      }
    }
  });

  it('newest first: the last session\'s corrected ARAT score on top, the patient\'s creation at the bottom', () => {
    const lines = entries.map((e) => historyLine(e, words('en')));
    expect(lines[0].what).toBe('ARAT score 14 recorded (assessed on 2026-10-19).');
    expect(lines[0].sessionId).toBe(sessionIds[4]);
    expect(lines.at(-1)?.what).toBe('Patient RH-001 created.');
    expect(lines.some((l) => l.what === 'FMA-UE score corrected to 27 (assessed on 2026-09-21); the earlier score stays in the record.')).toBe(true);
    expect(lines.some((l) => l.what === 'Impedance measured on 8 electrodes: some above 10 kΩ.')).toBe(true);
    expect(lines.some((l) => l.what === 'Training attempt stored: Automatic choice, cross-validated accuracy 65.0%.')).toBe(true);
  });
});
