// `review.patient` over the WebSocket on a data folder holding six weeks of therapy: the whole review, and every bad input refused naming the problem.
import { describe, expect, it } from 'vitest';
import type { PatientReview } from '../../src-main/contract/api.ts';
import { openDatabase } from '../../src-main/services/storage/database.ts';
import { patientReview } from '../../src-main/services/review/patient-review.ts';
import { callValue, refusalOf } from '../support/host-client.ts';
import { useTestHost } from '../support/test-host.ts';
import { seedTherapyHistory } from '../../src-main/cli/bench/therapy-history.ts';

let seeded: { patientId: number; sessionIds: number[] };
/** The same review read straight from the database before the host started. */
let direct: PatientReview;

const test = useTestHost('review-host', {
  prepare: (dataDir) => {
    const db = openDatabase(dataDir);
    seeded = seedTherapyHistory(db, 'REV-001');
    direct = patientReview(db, seeded.patientId);
    db.close();
  },
});

describe('review.patient over the host', () => {
  it('gives the seeded patient\'s five sessions and the fitted trend, as the service computes them', async () => {
    const review = await callValue<PatientReview>(test.client, 'review.patient', { patientId: seeded.patientId });
    expect(review.patient.code).toBe('REV-001');
    expect(review.sessions.map((s) => s.sessionId)).toEqual(seeded.sessionIds);
    expect(review.sessions.map((s) => s.week)).toEqual([0, 1, 2, 4, 6]);
    expect(review.sessions.map((s) => [s.onlineTotal.correct, s.onlineTotal.decided])).toEqual([[11, 20], [25, 40], [14, 20], [31, 40], [17, 20]]);
    expect(review.onlineTrend).toMatchObject({ fitted: true, sessions: 5, trials: 140 });
    // Everything but the moment it was generated matches the direct read: the wire loses nothing.
    expect({ ...review, generatedAt: '' }).toEqual({ ...direct, generatedAt: '' });
  });

  it('a patient without sessions: an empty review whose trend says there are no online trials', async () => {
    const patient = await callValue<{ id: number }>(test.client, 'patients.create', { code: 'REV-002' });
    expect(await callValue<PatientReview>(test.client, 'review.patient', { patientId: patient.id })).toMatchObject({ sessions: [], onlineTrend: { fitted: false, trials: 0, problem: 'no-online-trials' } });
  });

  it('an unknown patient is not-found, naming the id', async () => {
    const error = await refusalOf(test.client.call('review.patient', { patientId: 9999 }));
    expect(error).toMatchObject({ code: 'not-found', detail: { reason: 'missing', params: { thing: 'patient', id: '9999' } } });
    expect(error.message).toBe('There is no patient with id 9999.');
  });

  it('refuses a patient id that is 0, a string, missing, fractional, and unknown fields, naming the field', async () => {
    const field = (f: string) => ({ code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'review.patient', field: f } } });
    for (const params of [{ patientId: 0 }, { patientId: '1' }, {}, { patientId: 1.5 }, { patientId: -3 }]) {
      const error = await refusalOf(test.client.call('review.patient', params));
      expect(error, JSON.stringify(params)).toMatchObject(field('patientId'));
      expect(error.message, JSON.stringify(params)).toMatch(/^review\.patient: patientId: /);
    }
    const extra = await refusalOf(test.client.call('review.patient', { patientId: seeded.patientId, sessionId: 1 }));
    expect(extra).toMatchObject(field('sessionId'));
    expect(extra.message).toMatch(/unknown field; allowed fields: patientId/);
  });
});
