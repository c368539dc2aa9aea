// The feature view store over a fake client: a view asked once is computed once, followed to its result, failures asked again.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { featureViewInput, type ErdsFeatureView, type FeatureViewInput } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { useFeatureViewStore } from '../../../src-renderer/src/stores/feature-view-store.ts';
import { createFakeClient, type FakeClient } from './fake-client.ts';

const parse = (candidate: unknown): FeatureViewInput => {
  const parsed = featureViewInput.parse(candidate);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.value;
};
const c3 = parse({ sessionId: 1, runIds: [1, 2], view: 'erds', classes: ['T1', 'T2'], channels: ['C3'] });
const c4 = parse({ sessionId: 1, runIds: [1, 2], view: 'erds', classes: ['T1', 'T2'], channels: ['C4'] });
const map: ErdsFeatureView = { kind: 'erds', channels: ['C3'], timesSec: [0], freqsHz: [10], baselineSec: [-2, -0.5], values: [[[[-30]]], [[[5]]]] };
const status = (jobId: string) => ({ jobId, kind: 'view' as const, state: 'queued' as const, done: 0, total: 0, cancelRequested: false, createdAt: '', startedAt: null, finishedAt: null, error: null, result: null });

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
  setActivePinia(createPinia());
  let n = 0;
  client.reply('features.view', () => ({ ok: true, value: status(`view-${++n}`) }));
});

describe('feature view store', () => {
  it('starts a view job, follows its progress to its result, and answers the same request again without a new job', async () => {
    const store = useFeatureViewStore();
    const entry = await store.request(c3);
    expect(entry).toMatchObject({ jobId: 'view-1', state: 'running' });
    client.emit('job.progress', { jobId: 'view-1', done: 2, total: 4 });
    expect(store.entryOf(c3)).toMatchObject({ state: 'running', done: 2, total: 4 });
    client.emit('job.finished', { jobId: 'view-1', kind: 'view', state: 'done', result: map });
    expect(store.entryOf(c3)).toMatchObject({ state: 'done', result: map, error: null });
    expect((await store.request({ ...c3 })).result).toEqual(map);
    expect(client.calls.filter((c) => c.method === 'features.view')).toHaveLength(1);
    // Another channel is another request; events of other jobs are ignored.
    await store.request(c4);
    client.emit('job.finished', { jobId: 'elsewhere', kind: 'view', state: 'done', result: map });
    expect(store.entryOf(c4)).toMatchObject({ jobId: 'view-2', state: 'running' });
    expect(store.entryOf(null)).toBeNull();
  });

  it('remembers per session that its ERD/ERS view was asked for, so it stays shown across page visits', () => {
    const store = useFeatureViewStore();
    expect(store.wantsErds('session 1')).toBe(false);
    store.wantErds('session 1');
    expect(store.wantsErds('session 1')).toBe(true);
    expect(store.wantsErds('session 2')).toBe(false);
    // A page mounted again reads the same store (Pinia keeps it while the window lives).
    expect(useFeatureViewStore().wantsErds('session 1')).toBe(true);
  });

  it('keeps a refusal or a failed job as the entry\'s error, and asks again next time', async () => {
    const store = useFeatureViewStore();
    client.reply('features.view', () => ({ ok: false, error: { code: 'file-changed', message: 'changed' } }));
    expect(await store.request(c3)).toMatchObject({ state: 'failed', error: { kind: 'refused', error: { code: 'file-changed' } } });
    client.reply('features.view', () => ({ ok: true, value: status('view-9') }));
    await store.request(c3);
    client.emit('job.finished', { jobId: 'view-9', kind: 'view', state: 'failed', error: { code: 'bad-input', message: 'baseline: -2:-0.5 s is outside the epoch' } });
    expect(store.entryOf(c3)).toMatchObject({ state: 'failed', error: { kind: 'failed', error: { code: 'bad-input', message: expect.stringContaining('baseline') } } });
    expect(client.calls.filter((c) => c.method === 'features.view')).toHaveLength(2);
  });
});
