// The runs of each session (`recordings.list`, `recordings.import`) and the runs chosen for extraction, kept across pages.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ApiError, Result, Run } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { toggleRun } from '../state/runs.ts';

export const useRunsStore = defineStore('runs', () => {
  const client = useClient();
  /** Oldest first, as listed, by session id. */
  const bySession = shallowRef<Record<number, Run[]>>({});
  /** Run ids ticked in the runs table, by session id. */
  const chosen = shallowRef<Record<number, number[]>>({});
  const loadError = shallowRef<ApiError | null>(null);

  async function load(sessionId: number): Promise<void> {
    const result = await client.call('recordings.list', { sessionId });
    if (!result.ok) {
      loadError.value = result.error;
      return;
    }
    loadError.value = null;
    bySession.value = { ...bySession.value, [sessionId]: result.value };
  }

  /** Imports one file; the new run is listed and ticked. */
  async function importFile(sessionId: number, path: string): Promise<Result<Run>> {
    const result = await client.call('recordings.import', { sessionId, path });
    if (!result.ok) return result;
    const list = (bySession.value[sessionId] ?? []).filter((r) => r.id !== result.value.id);
    bySession.value = { ...bySession.value, [sessionId]: [...list, result.value] };
    chosen.value = { ...chosen.value, [sessionId]: [...chosenOf(sessionId), result.value.id] };
    return result;
  }

  const runsOf = (sessionId: number): Run[] => bySession.value[sessionId] ?? [];
  const chosenOf = (sessionId: number): number[] => chosen.value[sessionId] ?? [];
  const toggle = (sessionId: number, runId: number) => {
    chosen.value = { ...chosen.value, [sessionId]: toggleRun(chosenOf(sessionId), runId) };
  };
  const setChosen = (sessionId: number, runIds: number[]) => {
    chosen.value = { ...chosen.value, [sessionId]: [...runIds] };
  };

  return { bySession, chosen, loadError, load, importFile, runsOf, chosenOf, toggle, setChosen };
});
