// Sessions of each patient: listed with `sessions.list`, opened with `sessions.create`.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ApiError, Result, Session } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';

export const useSessionsStore = defineStore('sessions', () => {
  const client = useClient();
  /** Newest first, by patient id. */
  const byPatient = shallowRef<Record<number, Session[]>>({});
  const loadError = shallowRef<ApiError | null>(null);

  const newestFirst = (list: Session[]) => [...list].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id - a.id);

  async function load(patientId: number): Promise<void> {
    const result = await client.call('sessions.list', { patientId });
    if (result.ok) {
      byPatient.value = { ...byPatient.value, [patientId]: newestFirst(result.value) };
      loadError.value = null;
    } else {
      loadError.value = result.error;
    }
  }

  async function create(patientId: number, notes: string): Promise<Result<Session>> {
    const result = await client.call('sessions.create', { patientId, notes });
    if (result.ok) {
      const list = byPatient.value[patientId] ?? [];
      byPatient.value = { ...byPatient.value, [patientId]: newestFirst([...list.filter((s) => s.id !== result.value.id), result.value]) };
    }
    return result;
  }

  const find = (patientId: number, sessionId: number): Session | undefined => byPatient.value[patientId]?.find((s) => s.id === sessionId);

  return { byPatient, loadError, load, create, find };
});
