// `assessments.add` and `assessments.list` over the WebSocket: a score recorded and corrected, seen in the review and the audit log, and every bad input refused naming the problem.
import { describe, expect, it } from 'vitest';
import type { Assessment, AuditEntry, PatientReview } from '../../src-main/contract/api.ts';
import { callValue, newPatientSession, refusalOf } from '../support/host-client.ts';
import { useTestHost } from '../support/test-host.ts';

const test = useTestHost('assessments-host');

describe('assessments over the host', () => {
  it('records an FMA-UE score, corrects it, lists both and reviews only the correction', async () => {
    const patientId = (await callValue<{ id: number }>(test.client, 'patients.create', { code: 'ASH-001' })).id;
    const sessionId = (await callValue<{ id: number }>(test.client, 'sessions.create', { patientId })).id;
    const wrong = await callValue<Assessment>(test.client, 'assessments.add', { sessionId, scale: 'fma-ue', score: 42, assessedAt: '2026-11-30' });
    expect(wrong).toMatchObject({ sessionId, scale: 'fma-ue', score: 42, assessedAt: '2026-11-30', notes: '', replaces: null, replacedBy: null });
    const right = await callValue<Assessment>(test.client, 'assessments.add', { sessionId, scale: 'fma-ue', score: 24, assessedAt: '2026-11-30', notes: 'typing error', replaces: wrong.id });
    const list = await callValue<Assessment[]>(test.client, 'assessments.list', { patientId });
    expect(list.map((a) => [a.id, a.score, a.replaces, a.replacedBy])).toEqual([[wrong.id, 42, null, right.id], [right.id, 24, wrong.id, null]]);
    const review = await callValue<PatientReview>(test.client, 'review.patient', { patientId });
    expect(review.sessions[0].assessments.map((a) => a.score)).toEqual([24]);
    expect(review.assessments).toMatchObject([{ scale: 'fma-ue', sessions: 1, change: null, mcid: null, first: { score: 24 }, last: { score: 24 } }]);
    const audit = await callValue<AuditEntry[]>(test.client, 'audit.list', { patientId });
    expect(audit.filter((e) => e.action === 'assessment.recorded').map((e) => [e.subject, e.details.score])).toEqual([[`assessment:${right.id}`, 24], [`assessment:${wrong.id}`, 42]]);
  });

  it('refuses each bad score, scale, day and correction with its named reason', async () => {
    const sessionId = await newPatientSession(test.client, 'ASH-002');
    const other = await newPatientSession(test.client, 'ASH-003');
    const arat = await callValue<Assessment>(test.client, 'assessments.add', { sessionId, scale: 'arat', score: 12 });
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ sessionId, scale: 'fma-ue', score: 67 }, { why: 'score-out-of-range', scale: 'fma-ue', score: 67, min: 0, max: 66 }],
      [{ sessionId, scale: 'fma-ue', score: -1 }, { why: 'score-out-of-range', min: 0 }],
      [{ sessionId, scale: 'arat', score: 58 }, { why: 'score-out-of-range', max: 57 }],
      [{ sessionId, scale: 'arat', score: 30.5 }, { why: 'score-not-integer', score: 30.5 }],
      [{ sessionId, scale: 'mrs', score: 3 }, { why: 'unknown-scale', scale: 'mrs' }],
      [{ sessionId, scale: 'arat', score: 30, assessedAt: '2026-13-01' }, { why: 'bad-day' }],
      [{ sessionId, scale: 'arat', score: 30, replaces: 99_999 }, { why: 'replaces-missing', replaces: 99_999 }],
      [{ sessionId, scale: 'fma-ue', score: 30, replaces: arat.id }, { why: 'replaces-other', replaces: arat.id }],
      [{ sessionId: other, scale: 'arat', score: 30, replaces: arat.id }, { why: 'replaces-other', replaces: arat.id }],
    ];
    for (const [params, reason] of cases) {
      const error = await refusalOf(test.client.call('assessments.add', params));
      expect(error, JSON.stringify(params)).toMatchObject({ code: 'bad-input', detail: { reason: 'assessment-refused', params: reason } });
    }
    await callValue(test.client, 'assessments.add', { sessionId, scale: 'arat', score: 13, replaces: arat.id });
    expect(await refusalOf(test.client.call('assessments.add', { sessionId, scale: 'arat', score: 14, replaces: arat.id }))).toMatchObject({ detail: { params: { why: 'already-replaced' } } });
    const missing = await refusalOf(test.client.call('assessments.add', { sessionId: 99_999, scale: 'arat', score: 30 }));
    expect(missing).toMatchObject({ code: 'not-found', detail: { reason: 'missing', params: { thing: 'session', id: '99999' } } });
  });

  it('refuses malformed payloads naming the field, and an unknown patient for the list', async () => {
    const field = (method: string, f: string) => ({ code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method, field: f } } });
    for (const [params, f] of [
      [{ sessionId: 1, scale: 'arat', score: '12' }, 'score'], [{ sessionId: 1, scale: 'arat' }, 'score'], [{ scale: 'arat', score: 12 }, 'sessionId'],
      [{ sessionId: 1, scale: 'arat', score: 12, assessedAt: '30/11/2026' }, 'assessedAt'], [{ sessionId: 1, scale: 'arat', score: 12, replaces: 0 }, 'replaces'],
      [{ sessionId: 1, scale: 'arat', score: 12, by: 'me' }, 'by'], [{ sessionId: 1, scale: '', score: 12 }, 'scale'],
    ] as const) {
      expect(await refusalOf(test.client.call('assessments.add', params)), JSON.stringify(params)).toMatchObject(field('assessments.add', f));
    }
    expect(await refusalOf(test.client.call('assessments.list', { patientId: 'x' }))).toMatchObject(field('assessments.list', 'patientId'));
    expect(await refusalOf(test.client.call('assessments.list', { patientId: 99_999 }))).toMatchObject({ code: 'not-found', detail: { reason: 'missing', params: { thing: 'patient', id: '99999' } } });
  });
});
