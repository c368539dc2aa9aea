// The device panel's store (preselection from the settings, the choice kept per device, ports and streams) and the settings store (load and save through the API).
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { defaultWorkstationSettings, type DeviceDescriptor, type SettingsView, type WorkstationSettings } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { useDevicePanelStore } from '../../../src-renderer/src/stores/device-panel-store.ts';
import { useSettingsStore } from '../../../src-renderer/src/stores/settings-store.ts';
import { createFakeClient, type FakeClient } from './fake-client.ts';

const d = (id: string, needs: DeviceDescriptor['needs'], configurable = false): DeviceDescriptor => ({
  id, name: id, available: true, needs, configurable, defaultChannels: configurable ? 16 : 8, maxChannels: configurable ? 64 : 8, defaultSampleRateHz: 250, sampleRatesHz: [250], impedance: id === 'cyton',
});
const devices = [d('synthetic', 'nothing', true), d('cyton', 'port'), d('lsl', 'stream')];

let client: FakeClient;
let stored: WorkstationSettings;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
  setActivePinia(createPinia());
  stored = structuredClone(defaultWorkstationSettings);
  const view = (): SettingsView => ({ settings: structuredClone(stored), file: '/data/settings.json', problem: null });
  client.reply('settings.get', () => ({ ok: true, value: view() }));
  client.reply('settings.set', (patch) => {
    stored = { device: patch.device === undefined ? stored.device : patch.device, network: patch.network ?? stored.network, publish: patch.publish ?? stored.publish };
    return { ok: true, value: view() };
  });
});

describe('device panel store', () => {
  it('preselects the workstation\'s last device with its port once the settings are known', async () => {
    stored.device = { device: 'cyton', source: { port: '/dev/ttyUSB1' } };
    stored.publish.enabled = true;
    await useSettingsStore().load();
    const panel = useDevicePanelStore();
    panel.preselect(devices, null);
    expect(panel.form).toMatchObject({ deviceId: 'cyton', port: '/dev/ttyUSB1', publish: true });
    // Already on a listed device: a second preselect (devices reloaded) keeps what the user typed.
    panel.form.port = '/dev/ttyACM0';
    panel.preselect(devices, null);
    expect(panel.form.port).toBe('/dev/ttyACM0');
    // The address asks for another device: it wins.
    panel.preselect(devices, 'lsl');
    expect(panel.form).toMatchObject({ deviceId: 'lsl', port: '', publish: true });
  });

  it('switching device resets its fields but keeps the publish tick', async () => {
    await useSettingsStore().load();
    const panel = useDevicePanelStore();
    panel.preselect(devices, null);
    expect(panel.form).toMatchObject({ deviceId: 'synthetic', nChannels: '16', publish: false });
    panel.form.publish = true;
    panel.choose(devices[1]);
    expect(panel.form).toMatchObject({ deviceId: 'cyton', nChannels: '', sampleRateHz: null, publish: true });
  });

  it('lists ports (or the reason they cannot be) and discovers streams through the API', async () => {
    client.reply('devices.ports', () => ({ ok: true, value: { ports: [], error: 'serial ports cannot be listed: udev missing' } }));
    client.reply('devices.discover', (p) => ({ ok: true, value: { streams: [{ name: 'EEG', type: 'EEG', channels: 8, sampleRateHz: 250, format: 'float32', host: 'lab', address: '127.0.0.1', sourceId: 'x' }], network: stored.network, timeoutSec: p.timeoutSec ?? 1, warnings: [] } }));
    const panel = useDevicePanelStore();
    await panel.loadPorts();
    expect(panel.ports).toEqual({ ports: [], error: 'serial ports cannot be listed: udev missing' });
    await panel.discover(2);
    expect(client.calls.at(-1)).toEqual({ method: 'devices.discover', params: { timeoutSec: 2 } });
    expect(panel.discovery?.streams.map((s) => s.name)).toEqual(['EEG']);
    client.reply('devices.discover', () => ({ ok: false, error: { code: 'engine-unavailable', message: 'restarting' } }));
    await panel.discover();
    expect(panel.discoveryError).toMatchObject({ code: 'engine-unavailable' });
    expect(panel.discovering).toBe(false);
  });
});

describe('settings store', () => {
  it('gives the defaults until loaded, then saves a section and keeps what came back', async () => {
    const store = useSettingsStore();
    expect(store.settings).toEqual(defaultWorkstationSettings);
    expect(store.loaded).toBe(false);
    await store.load();
    const result = await store.save({ network: { scope: 'link', knownPeers: ['10.0.0.7'] } });
    expect(result.ok).toBe(true);
    expect(store.settings.network).toEqual({ scope: 'link', knownPeers: ['10.0.0.7'] });
    expect(client.calls.filter((c) => c.method === 'settings.set')).toEqual([{ method: 'settings.set', params: { network: { scope: 'link', knownPeers: ['10.0.0.7'] } } }]);
    client.reply('settings.set', () => ({ ok: false, error: { code: 'storage-unwritable', message: 'no' } }));
    await store.save({ device: null });
    expect(store.saveError).toMatchObject({ code: 'storage-unwritable' });
    expect(store.settings.network.scope).toBe('link');
  });
});
