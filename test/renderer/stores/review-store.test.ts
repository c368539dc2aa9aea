// The progress screen's store: reads `review.patient`, keeps the error of a refusal, and drops a reply to a patient asked for before another.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { useReviewStore } from '../../../src-renderer/src/stores/review-store.ts';
import type { PatientReview, Result } from '../../../src-main/contract/index.ts';
import { createFakeClient, type FakeClient } from './fake-client.ts';

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
  setActivePinia(createPinia());
});

const reviewOf = (id: number): PatientReview => ({
  patient: { id, code: `P-${id}`, birthYear: null, lesionSide: 'unknown', dominantHand: 'unknown', notes: '', createdAt: '2026-09-01T00:00:00.000Z' },
  sessions: [],
  onlineTrend: { fitted: false, sessions: 0, trials: 0, problem: 'no-online-trials' },
  assessments: [],
  generatedAt: '2026-11-30T12:00:00.000Z',
});

describe('review store', () => {
  it('loads the review of a patient and gives it for that patient only', async () => {
    client.reply('review.patient', ({ patientId }) => ({ ok: true, value: reviewOf(patientId) }));
    const store = useReviewStore();
    await store.load(3);
    expect(client.calls).toEqual([{ method: 'review.patient', params: { patientId: 3 } }]);
    expect(store.of(3)?.patient.code).toBe('P-3');
    expect(store.of(4)).toBeNull();
    expect(store.error).toBeNull();
    expect(store.loading).toBe(false);
  });

  it('keeps the refusal (an unknown patient is not-found) and no review', async () => {
    client.reply('review.patient', ({ patientId }) => ({ ok: false, error: { code: 'not-found', message: `There is no patient with id ${patientId}.` } }));
    const store = useReviewStore();
    await store.load(99);
    expect(store.review).toBeNull();
    expect(store.error).toMatchObject({ code: 'not-found' });
  });

  it('a reply to an older request (another patient asked for since) is dropped', async () => {
    const pending: ((r: Result<PatientReview>) => void)[] = [];
    const original = client.call.bind(client);
    client.call = ((method: string, params: { patientId: number }) => {
      void original(method as 'review.patient', params);
      return new Promise((resolve) => pending.push(resolve as (r: Result<PatientReview>) => void));
    }) as typeof client.call;
    const store = useReviewStore();
    const first = store.load(1);
    const second = store.load(2);
    pending[1]({ ok: true, value: reviewOf(2) });
    await second;
    pending[0]({ ok: true, value: reviewOf(1) });
    await first;
    expect(store.review?.patient.id).toBe(2);
    expect(store.loading).toBe(false);
  });
});
