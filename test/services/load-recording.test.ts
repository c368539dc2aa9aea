// loadRecording on real PhysioNet files: the shape the features and training code rely on.
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import { physionetRun } from '../support/shared-data.ts';

describe('loadRecording', () => {
  it('loads a PhysioNet EDF+ run with T0/T1/T2 events', async () => {
    const recording = await loadRecording(physionetRun(1, 4));
    expect(recording).toMatchObject({ format: 'edf+', version: 'EDF+C', fileName: 'S001R04.edf', sampleRateHz: 160, nSamples: 20000 });
    expect(recording.durationSec).toBe(125);
    expect(recording.data).toHaveLength(64);
    expect(recording.data[0]).toBeInstanceOf(Float32Array);
    expect(recording.data[0].length).toBe(20000);
    expect(recording.channels.map((c) => c.name)).toContain('c3');
    expect(recording.events.filter((e) => e.label === 'T1' || e.label === 'T2')).toHaveLength(15);
    expect(recording.events[0]).toEqual({ onsetSec: 0, durationSec: 4.2, code: null, label: 'T0' });
    expect(recording.checksum.status).toBe('no-sidecar');
    expect(recording.repair).toBeNull();
  });

  it('names the file when it is not an EEG file', async () => {
    await expect(loadRecording(new URL(import.meta.url).pathname)).rejects.toThrow(/load-recording\.test\.ts: magic \(byte 0\)/);
  });
});
