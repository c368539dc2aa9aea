// loadRecording on real PhysioNet files: the shape the features and training code rely on.
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import { physionetRun, sharedDataMissing } from '../support/shared-data.ts';

describe('loadRecording', () => {
  it.skipIf(sharedDataMissing)('loads a PhysioNet EDF+ run with T0/T1/T2 events', async () => {
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

describe.skipIf(sharedDataMissing)('loadRecording on the other formats', () => {
  it('reads BDF, GDF and XDF by their first bytes', async () => {
    const { formatSample, xdfExample } = await import('../support/shared-data.ts');
    const bdf = await loadRecording(formatSample('test_bdf_stim_channel.bdf'));
    expect(bdf).toMatchObject({ format: 'bdf', version: 'BDF', sampleRateHz: 500, nSamples: 5000 });
    const gdf = await loadRecording(formatSample('test_1ch.gdf'));
    expect(gdf).toMatchObject({ format: 'gdf', version: 'GDF 2.10', sampleRateHz: 150, nSamples: 4500 });
    const xdf = await loadRecording(xdfExample('minimal.xdf'));
    expect(xdf).toMatchObject({ format: 'xdf', sampleRateHz: 10, nSamples: 9 });
    expect(Array.from(xdf.data[0])).toEqual([192, 12, 13, 14, 15, 12, 13, 14, 15]);
  });

  it('keeps the channels of the most common rate and lists the others', async () => {
    const { formatSample } = await import('../support/shared-data.ts');
    const recording = await loadRecording(formatSample('chtypes_edf.edf'));
    expect(recording.data.every((d) => d.length === recording.nSamples)).toBe(true);
    expect(recording.channels.every((c) => c.sampleRateHz === recording.sampleRateHz)).toBe(true);
    expect(recording.channels.length + recording.skippedChannels.length).toBe(42);
  });
});

describe('unfinalised files that must not be changed', () => {
  it('are read in memory only when read-only or when repair is off', async () => {
    const { mkdtempSync, chmodSync, rmSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { EdfRecorder } = await import('../../src-main/engine/recorder/edf-recorder.ts');
    const { openRecording } = await import('../../src-main/services/recordings/load-recording.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'nf-unfinalised-'));
    try {
      const file = path.join(dir, 'open.edf');
      const recorder = EdfRecorder.open(file, {
        kind: 'EDF',
        channels: [{ label: 'Cz', unit: 'uV', sampleRateHz: 10, physicalMin: -100, physicalMax: 100, digitalMin: -32768, digitalMax: 32767 }],
      });
      recorder.appendSamples([new Float32Array(25)]);
      recorder.close(); // as after a crash: 2 complete records, count -1
      const before = readFileSync(file);
      const untouched = await openRecording(file, { repair: false });
      untouched.close();
      expect(untouched.repair).toBeNull();
      expect(untouched.file.unfinalised).toMatchObject({ recordsFound: 2, trailingBytes: 0 });
      expect(untouched.file.nSamples).toBe(20);
      chmodSync(file, 0o444);
      const readOnly = await loadRecording(file);
      expect(readOnly.repair).toBeNull();
      expect(readOnly.nSamples).toBe(20);
      expect(readOnly.warnings[0]).toMatch(/not finalised \(record count -1\): 2 complete records/);
      expect(readFileSync(file).equals(before)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
