// Training attempts of each session (`attempts.list`), their details (`attempts.get`) and the session's model (`models.choose`).
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ApiError, Attempt, Result } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';

/** The list after one attempt became the session's model: it alone is marked chosen. */
export const withChosen = (list: Attempt[], chosen: Attempt): Attempt[] => list.map((a) => (a.id === chosen.id ? chosen : a.chosen ? { ...a, chosen: false } : a));

export const useAttemptsStore = defineStore('attempts', () => {
  const client = useClient();
  /** Newest first, as listed, by session id. */
  const bySession = shallowRef<Record<number, Attempt[]>>({});
  const loadError = shallowRef<ApiError | null>(null);

  async function load(sessionId: number): Promise<void> {
    const result = await client.call('attempts.list', { sessionId });
    if (!result.ok) {
      loadError.value = result.error;
      return;
    }
    loadError.value = null;
    bySession.value = { ...bySession.value, [sessionId]: result.value };
  }

  /** One attempt as stored now (the list may be older). */
  async function get(attemptId: number): Promise<Result<Attempt>> {
    const result = await client.call('attempts.get', { attemptId });
    if (result.ok) {
      const list = bySession.value[result.value.sessionId];
      if (list) bySession.value = { ...bySession.value, [result.value.sessionId]: list.map((a) => (a.id === attemptId ? result.value : a)) };
    }
    return result;
  }

  async function choose(sessionId: number, attemptId: number): Promise<Result<Attempt>> {
    const result = await client.call('models.choose', { sessionId, attemptId });
    if (result.ok) bySession.value = { ...bySession.value, [sessionId]: withChosen(bySession.value[sessionId] ?? [result.value], result.value) };
    return result;
  }

  const attemptsOf = (sessionId: number): Attempt[] => bySession.value[sessionId] ?? [];
  const chosenOf = (sessionId: number): Attempt | null => attemptsOf(sessionId).find((a) => a.chosen) ?? null;

  return { bySession, loadError, load, get, choose, attemptsOf, chosenOf };
});
