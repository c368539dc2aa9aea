// The Record step's quality verdict and cue availability, from the acquisition status.
import { describe, expect, it } from 'vitest';
import { canCue, problemsByLabel, qualityVerdict } from '../../../src-renderer/src/live/quality-view.ts';
import { idleAcquisitionStatus, type AcquisitionStatus, type ChannelQuality, type LiveSignalQuality } from '../../../src-main/contract/index.ts';

const channel = (label: string, problems: ChannelQuality['problems']): ChannelQuality => ({
  label, stdUv: 10, line50RmsUv: 0, line60RmsUv: 0, railedFraction: 0, problems, go: problems.length === 0,
});
const quality = (...channels: ChannelQuality[]): LiveSignalQuality => ({ windowSec: 2, channels, go: channels.every((c) => c.go) });
const running = (over: Partial<AcquisitionStatus> = {}): AcquisitionStatus => ({
  ...idleAcquisitionStatus(), state: 'running', device: 'synthetic', sessionId: 4, patientId: 1, patientCode: 'P001', channels: ['C3'], sampleRateHz: 250,
  recording: { file: 'recordings/session-4/run-1.bdf', elapsedSec: 3, markers: 0, lostPackets: 0 }, ...over,
});

describe('qualityVerdict', () => {
  it('is pending before the first judgement, go when every channel is, no-go naming the channels at fault otherwise', () => {
    expect(qualityVerdict(null)).toEqual({ state: 'pending', failing: [], channelCount: 0 });
    expect(qualityVerdict(quality(channel('C3', []), channel('C4', [])))).toEqual({ state: 'go', failing: [], channelCount: 2 });
    const verdict = qualityVerdict(quality(channel('C3', []), channel('Cz', ['amplitude', 'line-noise']), channel('C4', ['flat'])));
    expect(verdict.state).toBe('no-go');
    // In channel order; the worst problem first.
    expect(verdict.failing).toEqual([{ label: 'Cz', problems: ['line-noise', 'amplitude'] }, { label: 'C4', problems: ['flat'] }]);
  });

  it('gives each channel its problems by label for the markers beside the names', () => {
    expect(problemsByLabel(null)).toBeNull();
    const map = problemsByLabel(quality(channel('C3', []), channel('Cz', ['railed'])))!;
    expect(map.get('C3')).toEqual([]);
    expect(map.get('Cz')).toEqual(['railed']);
  });
});

describe('canCue', () => {
  it('only while this session records', () => {
    expect(canCue(running(), 4)).toBe(true);
    expect(canCue(running(), 5)).toBe(false);
    expect(canCue(running(), null)).toBe(false);
    expect(canCue(running({ recording: null }), 4)).toBe(false);
    expect(canCue(running({ state: 'stopping' }), 4)).toBe(false);
    expect(canCue(idleAcquisitionStatus(), 4)).toBe(false);
    expect(canCue(null, 4)).toBe(false);
  });
});
