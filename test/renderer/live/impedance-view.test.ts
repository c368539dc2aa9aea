// What the device panel shows of electrode impedance (when it can be measured, progress, the table and its verdict) and the store's calls.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createI18n } from 'vue-i18n';
import { idleAcquisitionStatus, type AcquisitionStatus, type DeviceDescriptor, type ImpedanceStatus } from '../../../src-main/contract/index.ts';
import { formatKOhm, impedanceBlocker, impedanceThresholdsKOhm, impedanceView, rememberedThreshold } from '../../../src-renderer/src/live/impedance-view.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { useAcquisitionStore } from '../../../src-renderer/src/stores/acquisition-store.ts';
import { apiErrorText } from '../../../src-renderer/src/i18n/api-error-text.ts';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { createFakeClient, type FakeClient } from '../stores/fake-client.ts';

const descriptor = (id: string, impedance: boolean): DeviceDescriptor => ({
  id, name: `${id} amplifier`, available: true, needs: 'port', configurable: false, defaultChannels: 8, maxChannels: 8, defaultSampleRateHz: 250, sampleRatesHz: [250], impedance,
});
const devices = [descriptor('cyton', true), descriptor('unicorn', false)];
const running = (change: Partial<AcquisitionStatus> = {}): AcquisitionStatus => ({
  ...idleAcquisitionStatus(), state: 'running', device: 'cyton', sessionId: 4, patientId: 1, patientCode: 'P001', channels: ['Ch1', 'Ch2'], sampleRateHz: 250, ...change,
});
const measuring: ImpedanceStatus = {
  state: 'measuring', index: 2, total: 8, channel: 'Ch2', channels: [{ channel: 1, label: 'Ch1', kOhm: 4.21, go: true }], thresholdKOhm: 10, result: null, error: null,
};
const channels = [{ channel: 1, label: 'Ch1', kOhm: 4.21, go: true }, { channel: 2, label: 'Ch2', kOhm: 23.5, go: false }, { channel: 3, label: 'Ch3', kOhm: 812.4, go: false }];
const done: ImpedanceStatus = {
  ...measuring, state: 'done', index: 3, total: 3, channel: null, channels,
  result: { device: 'cyton', sessionId: 4, measuredAt: '2026-11-30T10:15:00.000Z', thresholdKOhm: 10, channels, go: false },
};

describe('when impedance can be measured', () => {
  it('needs this session\'s running amplifier, not recording, and a device with lead-off', () => {
    expect(impedanceBlocker(null, 4, devices)).toEqual({ reason: 'idle' });
    expect(impedanceBlocker(idleAcquisitionStatus(), 4, devices)).toEqual({ reason: 'idle' });
    expect(impedanceBlocker(running({ state: 'starting' }), 4, devices)).toEqual({ reason: 'idle' });
    expect(impedanceBlocker(running(), 5, devices)).toEqual({ reason: 'other' });
    // A signal check outside any session is measured from the monitor page (no session either).
    expect(impedanceBlocker(running({ sessionId: null }), null, devices)).toBeNull();
    expect(impedanceBlocker(running({ sessionId: null }), 4, devices)).toEqual({ reason: 'other' });
    expect(impedanceBlocker(running({ recording: { file: 'recordings/session-4/run-1.bdf', elapsedSec: 3, markers: 0, lostPackets: 0 } }), 4, devices)).toEqual({ reason: 'recording' });
    expect(impedanceBlocker(running({ device: 'unicorn' }), 4, devices)).toEqual({ reason: 'unsupported', device: 'unicorn amplifier' });
    expect(impedanceBlocker(running({ device: 'synthetic' }), 4, devices)).toEqual({ reason: 'unsupported', device: 'synthetic' });
    expect(impedanceBlocker(running(), 4, devices)).toBeNull();
  });
});

describe('the impedance table', () => {
  it('shows nothing before a measurement, "channel k of n" and the channels so far while measuring', () => {
    expect(impedanceView(null)).toEqual({ measuring: false, progress: null, rows: [], verdict: null, ended: null, error: null });
    expect(impedanceView(measuring)).toMatchObject({ measuring: true, progress: { index: 2, total: 8, channel: 'Ch2' }, rows: measuring.channels, verdict: null });
    // Before the first channel begins there is no channel to name yet.
    expect(impedanceView({ ...measuring, index: 0, channel: null, channels: [] }).progress).toBeNull();
  });

  it('gives the verdict with the failing count, the threshold and when it was measured', () => {
    expect(impedanceView(done)).toMatchObject({
      measuring: false, progress: null, rows: channels, ended: null,
      verdict: { go: false, failing: 2, total: 3, thresholdKOhm: 10, measuredAt: '2026-11-30T10:15:00.000Z' },
    });
    const allGood = { ...done, result: { ...done.result!, channels: [channels[0]], go: true } };
    expect(impedanceView(allGood).verdict).toMatchObject({ go: true, failing: 0, total: 1 });
  });

  it('says how a measurement ended early, keeping the channels measured before', () => {
    expect(impedanceView({ ...measuring, state: 'cancelled', channel: null })).toMatchObject({ measuring: false, ended: 'cancelled', rows: measuring.channels, verdict: null });
    expect(impedanceView({ ...measuring, state: 'failed', channel: null, error: 'cyton: no reply' })).toMatchObject({ ended: 'failed', error: 'cyton: no reply' });
  });

  it('writes kΩ with one decimal, whole numbers from 100', () => {
    expect([4.21, 23.46, 99.94, 812.4].map(formatKOhm)).toEqual(['4.2', '23.5', '99.9', '812']);
  });
});

describe('the acquisition store\'s impedance calls', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = createFakeClient();
    setClient(client);
    setActivePinia(createPinia());
  });

  it('asks for this session\'s measurement and its cancel, keeps the status, and keeps a refusal to show', async () => {
    client.reply('acquisition.impedance', () => ({ ok: true, value: running({ impedance: measuring }) }));
    client.reply('acquisition.impedanceCancel', () => ({
      ok: false, error: { code: 'conflict', message: 'No impedance measurement is under way.', detail: { reason: 'impedance-refused', params: { device: 'cyton', why: 'not-measuring' } } },
    }));
    const store = useAcquisitionStore();
    await store.measureImpedance(4);
    await store.measureImpedance(undefined);
    await store.measureImpedance(4, 750);
    expect(client.calls).toEqual([
      { method: 'acquisition.impedance', params: { sessionId: 4 } },
      { method: 'acquisition.impedance', params: {} },
      { method: 'acquisition.impedance', params: { sessionId: 4, thresholdKOhm: 750 } },
    ]);
    expect(store.status?.impedance).toEqual(measuring);
    expect(store.impedanceError).toBeNull();
    await store.cancelImpedance(4);
    expect(client.calls.at(-1)).toEqual({ method: 'acquisition.impedanceCancel', params: { sessionId: 4 } });
    expect(store.impedanceError).toMatchObject({ code: 'conflict', detail: { reason: 'impedance-refused' } });
    store.clearImpedanceError();
    expect(store.impedanceError).toBeNull();
  });
});

describe('the go/no-go threshold', () => {
  it('offers 10 kΩ first (wet electrodes), 5 and 750 (dry); a stored choice is kept, anything else gives 10', () => {
    expect(impedanceThresholdsKOhm).toEqual([10, 5, 750]);
    expect(rememberedThreshold('750')).toBe(750);
    expect(rememberedThreshold('5')).toBe(5);
    for (const stored of [null, '', '7', 'abc', '1e9']) expect(rememberedThreshold(stored)).toBe(10);
  });
});

describe('impedance refusals in both languages', () => {
  it('words each reason with the device named, in English and French', () => {
    for (const [locale, device] of [['en', 'Unicorn'], ['fr', 'Unicorn']] as const) {
      const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, fr }, missingWarn: false, fallbackWarn: false });
      const translator = { t: (key: string, params?: Record<string, unknown>) => (params ? i18n.global.t(key, params) : i18n.global.t(key)), te: (key: string) => i18n.global.te(key) };
      const seen = new Set<string>();
      for (const why of ['recording', 'unsupported', 'measuring', 'not-measuring', 'channel'] as const) {
        const text = apiErrorText({ code: 'conflict', message: 'English.', detail: { reason: 'impedance-refused', params: { device, why, channel: 9, channels: 8 } } }, translator);
        expect(text.message, `${locale} ${why}`).toContain(why === 'channel' ? '9' : device);
        expect(text.message).not.toMatch(/[{}]/);
        expect(text.recovery).not.toBeNull();
        seen.add(text.message);
      }
      expect(seen.size).toBe(5);
    }
  });
});
