// What the session page preselects and shows from device lists and status values.
import { describe, expect, it } from 'vitest';
import type { AcquisitionStatus, DeviceDescriptor } from '../../../src-main/contract/index.ts';
import { acquisitionChip, acquisitionOwnership, canStart, canStop, channelLabels, defaultDeviceId, engineDisplayState, fileName, formatElapsed, isAcquiring, showsTrace } from '../../../src-renderer/src/state/acquisition-view.ts';

const device = (id: string, available = true): DeviceDescriptor => ({ id, name: id, available, needs: 'nothing', configurable: true, defaultChannels: 8, maxChannels: 64, defaultSampleRateHz: 250, sampleRatesHz: [250], impedance: false });
const status = (state: AcquisitionStatus['state'], channels: string[] = []): AcquisitionStatus => ({
  state, device: 'synthetic', sessionId: 1, patientId: 1, patientCode: 'P001', channels, sampleRateHz: 250, samples: 0, lostSamples: 0, startedAt: null, recording: null, fault: null, faultReason: null, publishing: null, deviceState: null, quality: null, impedance: null,
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

  describe('the Record screen of one session', () => {
    const recording = { file: 'recordings/session-1/run-1-20261130T060000Z.bdf', elapsedSec: 3.2, markers: 2, lostPackets: 0 };
    const running = (sessionId: number | null, rec = true): AcquisitionStatus => ({ ...status('running', ['C3']), sessionId, recording: rec ? recording : null });
    const engineUp = { state: 'running' as const, restarts: 0, lastFailure: null };

    it('tells this session\'s acquisition from another\'s and from a free amplifier', () => {
      expect(acquisitionOwnership(null, 1)).toBe('free');
      expect(acquisitionOwnership(status('idle'), 1)).toBe('free');
      expect(acquisitionOwnership(running(1), 1)).toBe('here');
      expect(acquisitionOwnership(running(2), 1)).toBe('elsewhere');
      // A signal check outside any session belongs to the signal-check page only.
      expect(acquisitionOwnership(running(null), 1)).toBe('elsewhere');
      expect(acquisitionOwnership(running(null), null)).toBe('here');
      expect(acquisitionOwnership(running(1), null)).toBe('elsewhere');
    });

    it('chip: recording and monitoring differ; another session is busy; a lost host or engine is never "recording"', () => {
      expect(acquisitionChip(running(1), 1, true, engineUp)).toBe('recording');
      expect(acquisitionChip(running(1, false), 1, true, engineUp)).toBe('monitoring');
      expect(acquisitionChip(running(2), 1, true, engineUp)).toBe('busy');
      expect(acquisitionChip(status('idle'), 1, true, engineUp)).toBe('idle');
      expect(acquisitionChip({ ...running(1), state: 'stopping' }, 1, true, engineUp)).toBe('stopping');
      expect(acquisitionChip({ ...running(1), state: 'starting' }, 1, true, null)).toBe('starting');
      expect(acquisitionChip(running(1), 1, false, engineUp)).toBe('disconnected');
      expect(acquisitionChip(running(1), 1, true, { state: 'restarting', restarts: 1, lastFailure: 'killed' })).toBe('engine-down');
    });

    it('Stop acts only on this session\'s running acquisition; Start only on a free amplifier', () => {
      expect(canStop('recording')).toBe(true);
      expect(canStop('monitoring')).toBe(true);
      for (const chip of ['busy', 'disconnected', 'engine-down', 'idle', 'stopping', 'starting'] as const) expect(canStop(chip), chip).toBe(false);
      expect(canStart('idle')).toBe(true);
      for (const chip of ['busy', 'disconnected', 'engine-down', 'recording', 'monitoring'] as const) expect(canStart(chip), chip).toBe(false);
    });

    it('shows the trace only of this session, live or frozen after its stop', () => {
      expect(showsTrace(running(1), 1, 1)).toBe(true);
      expect(showsTrace(running(2), 1, 2)).toBe(false);
      expect(showsTrace(status('idle'), 1, 1)).toBe(true);
      // A new patient's session after another session's acquisition: no frozen trace of theirs.
      expect(showsTrace(status('idle'), 3, 1)).toBe(false);
      expect(showsTrace(status('idle'), 3, undefined)).toBe(false);
      expect(showsTrace(status('idle'), null, null)).toBe(true);
    });

    it('words elapsed time and file names', () => {
      expect(formatElapsed(0)).toBe('0:00');
      expect(formatElapsed(65.9)).toBe('1:05');
      expect(formatElapsed(3725)).toBe('1:02:05');
      expect(fileName(recording.file)).toBe('run-1-20261130T060000Z.bdf');
      expect(fileName('C:\\data\\run.bdf')).toBe('run.bdf');
    });
  });
});
