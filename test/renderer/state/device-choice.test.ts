// The device panel's pure rules: preselection from the address and the workstation's last choice, what blocks a start, the start request, LSL's reach in words, known peers.
import { describe, expect, it } from 'vitest';
import { defaultWorkstationSettings, type DeviceDescriptor } from '../../../src-main/contract/index.ts';
import { emptyDeviceForm, formFor, parsePeers, preselectedDevice, scopeText, scopeWords, startBlocker, startRequest } from '../../../src-renderer/src/state/device-choice.ts';

const d = (id: string, needs: DeviceDescriptor['needs'], configurable = false): DeviceDescriptor => ({
  id, name: id, available: true, needs, configurable, defaultChannels: configurable ? 16 : needs === 'port' ? 8 : 0, maxChannels: configurable ? 64 : 8, defaultSampleRateHz: 250, sampleRatesHz: configurable ? [250, 500] : [250], impedance: id === 'cyton',
});
const synthetic = d('synthetic', 'nothing', true);
const cyton = d('cyton', 'port');
const lsl = d('lsl', 'stream');
const rda = d('rda', 'host');
const replay = d('replay', 'file');
const devices = [synthetic, cyton, lsl, rda, replay];
const publish = defaultWorkstationSettings.publish;

describe('preselection', () => {
  it('takes the address\'s device, else the workstation\'s last, else the synthetic one', () => {
    expect(preselectedDevice(devices, 'rda', { device: 'cyton' })).toBe('rda');
    expect(preselectedDevice(devices, 'nonesuch', { device: 'cyton' })).toBe('cyton');
    expect(preselectedDevice(devices, null, { device: 'gone' })).toBe('synthetic');
    expect(preselectedDevice(devices, null, null)).toBe('synthetic');
    expect(preselectedDevice([cyton], null, null)).toBe('cyton');
    expect(preselectedDevice([], null, null)).toBeNull();
  });

  it('fills the form with what the workstation last used with that device, and only that device', () => {
    const remembered = { device: 'cyton', source: { port: '/dev/ttyUSB0' } };
    expect(formFor(cyton, remembered, false)).toEqual({ ...emptyDeviceForm(), deviceId: 'cyton', port: '/dev/ttyUSB0' });
    expect(formFor(lsl, remembered, true)).toEqual({ ...emptyDeviceForm(), deviceId: 'lsl', publish: true });
    expect(formFor(lsl, { device: 'lsl', source: { stream: 'EEG', markers: 'Cues' } }, false)).toMatchObject({ stream: 'EEG', markers: 'Cues' });
    expect(formFor(synthetic, { device: 'synthetic', config: { nChannels: 8, sampleRateHz: 500 } }, false)).toMatchObject({ nChannels: '8', sampleRateHz: 500 });
    // A remembered setting the device no longer offers falls back to its default.
    expect(formFor(synthetic, { device: 'synthetic', config: { nChannels: 8, sampleRateHz: 333 } }, false)).toMatchObject({ nChannels: '8', sampleRateHz: 250 });
    expect(formFor(synthetic, null, false)).toMatchObject({ nChannels: '16', sampleRateHz: 250 });
    expect(formFor(null, null, false)).toEqual(emptyDeviceForm());
  });
});

describe('why a choice cannot start', () => {
  it('names what each kind of device still needs', () => {
    expect(startBlocker(null, emptyDeviceForm())).toBe('no-device');
    expect(startBlocker(cyton, formFor(cyton, null, false))).toBe('needs-port');
    expect(startBlocker(cyton, { ...formFor(cyton, null, false), port: '  ' })).toBe('needs-port');
    expect(startBlocker(cyton, { ...formFor(cyton, null, false), port: 'COM3' })).toBeNull();
    expect(startBlocker(lsl, formFor(lsl, null, false))).toBe('needs-stream');
    expect(startBlocker(rda, formFor(rda, null, false))).toBe('needs-host');
    expect(startBlocker(replay, formFor(replay, null, false))).toBe('needs-file');
    expect(startBlocker(replay, { ...formFor(replay, null, false), file: 'S001R04.edf' })).toBe('file-not-absolute');
    expect(startBlocker(replay, { ...formFor(replay, null, false), file: 'C:\\data\\S001R04.edf' })).toBeNull();
    expect(startBlocker(replay, { ...formFor(replay, null, false), file: '/data/S001R04.edf' })).toBeNull();
  });

  it('checks the synthetic device\'s channels', () => {
    const form = formFor(synthetic, null, false);
    expect(startBlocker(synthetic, form)).toBeNull();
    for (const bad of ['0', '65', '2.5', '', 'x']) expect(startBlocker(synthetic, { ...form, nChannels: bad }), bad).toBe('channels');
  });
});

describe('the start request', () => {
  it('carries only what the device needs, trimmed, and the publish names when ticked', () => {
    expect(startRequest(cyton, { ...formFor(cyton, null, false), port: ' /dev/ttyUSB0 ', stream: 'leftover' }, publish)).toEqual({ device: 'cyton', config: {}, source: { port: '/dev/ttyUSB0' } });
    expect(startRequest(lsl, { ...formFor(lsl, null, false), stream: 'EEG', markers: '' }, publish)).toEqual({ device: 'lsl', config: {}, source: { stream: 'EEG' } });
    expect(startRequest(lsl, { ...formFor(lsl, null, false), stream: 'EEG', markers: 'Cues' }, publish).source).toEqual({ stream: 'EEG', markers: 'Cues' });
    expect(startRequest(synthetic, { ...formFor(synthetic, null, true), nChannels: '8', sampleRateHz: 500 }, publish)).toEqual({
      device: 'synthetic', config: { nChannels: 8, sampleRateHz: 500 }, publish: { signal: 'NeuroFeat-EEG', markers: 'NeuroFeat-Markers', decisions: 'NeuroFeat-Decisions' },
    });
    expect(startRequest(rda, { ...formFor(rda, null, false), host: '10.0.0.5' }, publish)).toEqual({ device: 'rda', config: {}, source: { host: '10.0.0.5' } });
  });
});

describe('LSL reach and peers', () => {
  it('words the scope, naming known peers', () => {
    expect(scopeWords({ scope: 'machine', knownPeers: [] })).toEqual({ key: 'network.scopes.machine', peers: null });
    expect(scopeWords({ scope: 'site', knownPeers: ['10.0.0.7', 'eeg-pc'] })).toEqual({ key: 'network.scopes.site', peers: '10.0.0.7, eeg-pc' });
    const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}(${JSON.stringify(params)})` : key);
    expect(scopeText({ scope: 'machine', knownPeers: [] }, t)).toBe('network.scopes.machine');
    expect(scopeText({ scope: 'link', knownPeers: ['eeg-pc'] }, t)).toBe('network.scopeWithPeers({"scope":"network.scopes.link","peers":"eeg-pc"})');
  });

  it('reads peers one per line (or by commas), once each, and names the first entry that is not a host', () => {
    expect(parsePeers('10.0.0.7\n eeg-pc , 10.0.0.7\n\n')).toEqual({ peers: ['10.0.0.7', 'eeg-pc'], invalid: null });
    expect(parsePeers('')).toEqual({ peers: [], invalid: null });
    expect(parsePeers('eeg-pc\nhttp://x/y')).toEqual({ peers: [], invalid: 'http://x/y' });
  });
});
