// Protocol runs: the status the engine pushes, start / pause / resume / abort for a session, the patient's screen opened, the panel's settings remembered.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError, PatientDisplayList, PatientWindowResult, ProtocolRunKind, ProtocolSettingsInput, ProtocolStatus, ProtocolTriggerInput, Result } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { restoreRunForms, type SavedRunForms } from '../state/protocol-run.ts';
import { useRunsStore } from './runs-store.ts';

/** Where this workstation keeps the run panel's last settings (the rehabilitation device belongs to the workstation). */
export const runFormsStorageKey = 'neurofeat.protocol.forms';

/** The address of the patient's page beside this one (the host's token travels in its cookie and query). */
export const patientPageUrl = (href: string): string => `${href.split('#')[0]}#/patient`;

export const useProtocolStore = defineStore('protocol', () => {
  const client = useClient();
  const runsStore = useRunsStore();
  const status = shallowRef<ProtocolStatus | null>(null);
  /** The last refusal of a start, pause, resume or abort, shown until the next attempt. */
  const lastError = shallowRef<ApiError | null>(null);
  const busy = ref(false);
  /** The last answer of `protocol.patientWindow`, or `tab`/`blocked` when the page opened it itself. */
  const patientWindow = shallowRef<PatientWindowResult | 'tab' | 'blocked' | null>(null);
  /** Where the patient's screen can go (`protocol.displays`), and why they could not be listed. */
  const displays = shallowRef<PatientDisplayList | null>(null);
  const displaysError = shallowRef<ApiError | null>(null);
  let subscribed = false;

  function setStatus(next: ProtocolStatus): void {
    const previous = status.value;
    status.value = next;
    // A run ended (main pushes this once its run is registered): the session's runs list shows it.
    if (next.state === 'idle' && next.ended !== null && next.sessionId !== null && (previous?.state !== 'idle' || previous.runId !== next.runId)) void runsStore.load(next.sessionId);
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    client.on('protocol.status', setStatus);
    client.onConnection((info) => {
      if (info.state === 'connected') void refresh();
    });
    void refresh();
  }

  async function refresh(): Promise<void> {
    const result = await client.call('protocol.status', {});
    if (result.ok) setStatus(result.value);
  }

  async function act(call: () => Promise<Result<ProtocolStatus>>): Promise<Result<ProtocolStatus>> {
    busy.value = true;
    lastError.value = null;
    const result = await call();
    busy.value = false;
    if (result.ok) setStatus(result.value);
    else lastError.value = result.error;
    return result;
  }

  const start = (sessionId: number, kind: ProtocolRunKind, settings: ProtocolSettingsInput, trigger?: ProtocolTriggerInput) =>
    act(() => client.call('protocol.start', { sessionId, kind, settings, ...(trigger ? { trigger } : {}) }));
  const pause = (sessionId: number) => act(() => client.call('protocol.pause', { sessionId }));
  const resume = (sessionId: number) => act(() => client.call('protocol.resume', { sessionId }));
  const abort = (sessionId: number) => act(() => client.call('protocol.abort', { sessionId }));

  /**
   * Electron opens the patient's window on a display; the host's page opens `#/patient` in a window of its own
   * (`openPage`, the page's `window.open`: whether the browser allowed it).
   */
  async function openPatientWindow(display: number | undefined, openPage: () => boolean): Promise<void> {
    const result = await client.call('protocol.patientWindow', display === undefined ? {} : { display });
    if (!result.ok) {
      lastError.value = result.error;
      return;
    }
    if (result.value.opened) {
      patientWindow.value = result.value;
      return;
    }
    patientWindow.value = openPage() ? 'tab' : 'blocked';
  }

  async function loadDisplays(): Promise<void> {
    const result = await client.call('protocol.displays', {});
    displays.value = result.ok ? result.value : null;
    displaysError.value = result.ok ? null : result.error;
  }

  /** The settings the last run on this workstation was started with (defaults when none or unreadable). */
  function savedForms(): SavedRunForms {
    try {
      return restoreRunForms(JSON.parse(localStorage.getItem(runFormsStorageKey) ?? 'null'));
    } catch {
      return restoreRunForms(null);
    }
  }

  function rememberForms(forms: SavedRunForms): void {
    try {
      localStorage.setItem(runFormsStorageKey, JSON.stringify(forms));
    } catch {
      // Private mode or a full quota: used now, just not remembered.
    }
  }

  const clearError = () => {
    lastError.value = null;
  };

  return { status, lastError, busy, patientWindow, displays, displaysError, subscribe, loadDisplays, refresh, start, pause, resume, abort, openPatientWindow, savedForms, rememberForms, clearError };
});
