// ERD/ERS maps and connectivity matrices this window asked for (`features.view` jobs), kept by request so a view asked again is never recomputed.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ApiError, FeatureView, FeatureViewInput, JobError } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { viewRequestKey } from '../state/view-requests.ts';

/** One request as the window follows it; replaced (never mutated) on every change. */
export interface ViewEntry {
  key: string;
  jobId: string | null;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result: FeatureView | null;
  /** A refused call (its error value, worded by its reason) or a failed job (its code and the core's message). */
  error: { kind: 'refused'; error: ApiError } | { kind: 'failed'; error: JobError } | null;
}

export const useFeatureViewStore = defineStore('featureViews', () => {
  const client = useClient();
  const entries = shallowRef<Record<string, ViewEntry>>({});
  const byJob = new Map<string, string>();
  /** Sessions (or file sets) whose ERD/ERS view the clinician asked for: it stays shown across page visits. */
  const erdsWanted = shallowRef<Record<string, true>>({});
  const wantErds = (owner: string) => {
    if (!erdsWanted.value[owner]) erdsWanted.value = { ...erdsWanted.value, [owner]: true };
  };
  const wantsErds = (owner: string): boolean => erdsWanted.value[owner] === true;
  let subscribed = false;

  const put = (entry: ViewEntry) => {
    entries.value = { ...entries.value, [entry.key]: entry };
  };

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    client.on('job.progress', (p) => {
      const key = byJob.get(p.jobId);
      const entry = key ? entries.value[key] : undefined;
      if (entry && entry.state === 'running') put({ ...entry, done: p.done, total: p.total });
    });
    client.on('job.finished', (f) => {
      const key = byJob.get(f.jobId);
      const entry = key ? entries.value[key] : undefined;
      if (!entry || entry.state !== 'running') return;
      byJob.delete(f.jobId);
      const view = f.kind === 'view' && f.state === 'done' ? (f.result ?? null) : null;
      put(view ? { ...entry, state: 'done', result: view, done: entry.total } : { ...entry, state: 'failed', error: { kind: 'failed', error: f.error ?? { code: 'failed', message: `the view job ended ${f.state}` } } });
    });
  }

  /** The entry of a request: the one kept (running or done), or a new job; a failed request is asked again. */
  async function request(input: FeatureViewInput): Promise<ViewEntry> {
    subscribe();
    const key = viewRequestKey(input);
    const kept = entries.value[key];
    if (kept && kept.state !== 'failed') return kept;
    put({ key, jobId: null, state: 'running', done: 0, total: 0, result: null, error: null });
    const reply = await client.call('features.view', input);
    if (!reply.ok) {
      put({ ...entries.value[key], state: 'failed', error: { kind: 'refused', error: reply.error } });
      return entries.value[key];
    }
    byJob.set(reply.value.jobId, key);
    put({ ...entries.value[key], jobId: reply.value.jobId });
    return entries.value[key];
  }

  const entryOf = (input: FeatureViewInput | null): ViewEntry | null => (input ? (entries.value[viewRequestKey(input)] ?? null) : null);

  return { entries, request, entryOf, wantErds, wantsErds };
});
