// What the session page preselects and shows from device lists and status values.
import { describe, expect, it } from 'vitest';
import type { AcquisitionStatus, DeviceDescriptor } from '../../../src-main/contract/index.ts';
import { channelLabels, defaultDeviceId, engineDisplayState, isAcquiring } from '../../../src-renderer/src/state/acquisition-view.ts';

const device = (id: string, available = true): DeviceDescriptor => ({ id, name: id, available, defaultChannels: 8, maxChannels: 64, defaultSampleRateHz: 250, sampleRatesHz: [250] });
const status = (state: AcquisitionStatus['state'], channels: string[] = []): AcquisitionStatus => ({
  state, device: 'synthetic', sessionId: 1, patientId: 1, patientCode: 'P001', channels, sampleRateHz: 250, samples: 0, lostSamples: 0, startedAt: null, recording: null, fault: null,
});

describe('acquisition view helpers', () => {
  it('preselects the requested device if known, else the synthetic amplifier, else the first available', () => {
    const devices = [device('openbci', false), device('synthetic'), device('lsl')];
    expect(defaultDeviceId(devices, 'lsl')).toBe('lsl');
    expect(defaultDeviceId(devices, 'no-such-device')).toBe('synthetic');
    expect(defaultDeviceId(devices, null)).toBe('synthetic');
    expect(defaultDeviceId([device('openbci', false), device('lsl')], null)).toBe('lsl');
    expect(defaultDeviceId([device('openbci', false)], null)).toBe('openbci');
    expect(defaultDeviceId([], null)).toBeNull();
  });

  it('tells acquiring from idle and shows the engine state, unknown before the first answer', () => {
    expect(isAcquiring(null)).toBe(false);
    expect(isAcquiring(status('idle'))).toBe(false);
    expect(isAcquiring(status('running'))).toBe(true);
    expect(engineDisplayState(null)).toBe('unknown');
    expect(engineDisplayState({ state: 'restarting', restarts: 2, lastFailure: 'crash' })).toBe('restarting');
  });

  it('labels channels with their names and numbers the rest', () => {
    expect(channelLabels(status('running', ['C3', 'Cz']).channels, 3)).toEqual(['C3', 'Cz', 'Ch 3']);
    expect(channelLabels(['C3', '', 'C4'], 3)).toEqual(['C3', 'Ch 2', 'C4']);
    expect(channelLabels([], 2)).toEqual(['Ch 1', 'Ch 2']);
  });
});
