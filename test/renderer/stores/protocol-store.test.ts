// The run panel's store: its settings remembered on the workstation, the patient's displays listed, the patient's window opened on the one chosen.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { PatientDisplayList } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { defaultProtocolForm, defaultTriggerForm } from '../../../src-renderer/src/state/protocol-run.ts';
import { patientPageUrl, runFormsStorageKey, useProtocolStore } from '../../../src-renderer/src/stores/protocol-store.ts';
import { createFakeClient, installMemoryStorage, type FakeClient } from './fake-client.ts';

let client: FakeClient;
let storage: Map<string, string>;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
  storage = installMemoryStorage();
  setActivePinia(createPinia());
});

const twoDisplays: PatientDisplayList = {
  opener: 'electron',
  displays: [
    { index: 0, label: 'Built-in', primary: true, width: 1366, height: 768 },
    { index: 1, label: 'DELL P2419H', primary: false, width: 1920, height: 1080 },
  ],
  defaultDisplay: 1,
};

describe('protocol store', () => {
  it('remembers the run settings and the device across a reload of the window; unreadable storage gives the defaults', () => {
    const store = useProtocolStore();
    expect(store.savedForms()).toEqual({ protocol: defaultProtocolForm(), trigger: defaultTriggerForm() });
    const forms = { protocol: { ...defaultProtocolForm(), trialsPerClass: '12' }, trigger: { ...defaultTriggerForm(), output: 'serial:COM3', holdSec: '1.5', target: 'either' as const } };
    store.rememberForms(forms);
    expect(JSON.parse(storage.get(runFormsStorageKey)!)).toEqual(forms);
    setActivePinia(createPinia());
    expect(useProtocolStore().savedForms()).toEqual(forms);
    storage.set(runFormsStorageKey, '{not json');
    expect(useProtocolStore().savedForms()).toEqual({ protocol: defaultProtocolForm(), trigger: defaultTriggerForm() });
  });

  it('lists the displays, keeps why they could not be listed, and opens the patient\u2019s window on the display chosen', async () => {
    const store = useProtocolStore();
    client.reply('protocol.displays', () => ({ ok: true, value: twoDisplays }));
    await store.loadDisplays();
    expect(store.displays).toEqual(twoDisplays);
    client.reply('protocol.patientWindow', (p) => (p.display === 5
      ? { ok: false, error: { code: 'bad-input', message: 'Display 6 is not connected: this computer has 2 displays.', detail: { reason: 'display-missing', params: { display: 5, count: 2 } } } }
      : { ok: true, value: { opened: true, display: p.display ?? 1, displays: twoDisplays.displays } }));
    const noPage = () => {
      throw new Error('Electron opened the window: the page opens none');
    };
    await store.openPatientWindow(0, noPage);
    expect(client.calls.at(-1)).toEqual({ method: 'protocol.patientWindow', params: { display: 0 } });
    expect(store.patientWindow).toMatchObject({ opened: true, display: 0 });
    await store.openPatientWindow(5, noPage);
    expect(store.lastError?.detail).toEqual({ reason: 'display-missing', params: { display: 5, count: 2 } });
    client.reply('protocol.displays', () => ({ ok: false, error: { code: 'engine-unavailable', message: 'main is gone' } }));
    await store.loadDisplays();
    expect(store.displays).toBeNull();
    expect(store.displaysError).toMatchObject({ code: 'engine-unavailable' });
  });

  it('opens the patient\u2019s page itself in the browser (the host answers opened: false)', async () => {
    const store = useProtocolStore();
    client.reply('protocol.patientWindow', () => ({ ok: true, value: { opened: false, displays: [], display: null } }));
    let asked = 0;
    await store.openPatientWindow(undefined, () => ++asked > 0);
    expect(client.calls.at(-1)).toEqual({ method: 'protocol.patientWindow', params: {} });
    expect([asked, store.patientWindow]).toEqual([1, 'tab']);
    // A pop-up blocker said no.
    await store.openPatientWindow(undefined, () => false);
    expect(store.patientWindow).toBe('blocked');
    expect(patientPageUrl('http://127.0.0.1:5173/?token=x#/session/3')).toBe('http://127.0.0.1:5173/?token=x#/patient');
  });
});
