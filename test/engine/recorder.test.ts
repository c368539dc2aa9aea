// EDF+/BDF+ writers: round trips through our reader, MNE and biosig, crash repair after SIGKILL, checksums.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BufferSource } from '../../src-main/core/formats/byte-source.ts';
import { openSignalFile } from '../../src-main/core/formats/index.ts';
import type { SignalFile } from '../../src-main/core/formats/signal-file.ts';
import { convertToEdf } from '../../src-main/engine/recorder/convert.ts';
import { EdfRecorder, PADDING_ANNOTATION } from '../../src-main/engine/recorder/edf-recorder.ts';
import { loadRecording, openRecording } from '../../src-main/services/recordings/load-recording.ts';
import { formatSample, physionetRun, repositoryRoot, sharedDataMissing } from '../support/shared-data.ts';
import { biosigMissing, pythonMissing } from '../support/prerequisites.ts';
import { mneEdfUnitScale, readWithMne } from '../support/mne.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-rec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(file: string): SignalFile {
  return openSignalFile(new BufferSource(readFileSync(file), path.basename(file)));
}

function readAll(file: SignalFile): Float32Array[] {
  return file.readSamples(file.channels.map((_, i) => i), 0, file.nSamples);
}

/** Samples equal within one digital step of the written file; events equal in onset, duration and text. */
function expectSameRecording(original: SignalFile, written: SignalFile): void {
  expect(written.channels.map((c) => c.label)).toEqual(original.channels.map((c) => c.label));
  expect(written.nSamples).toBe(original.nSamples);
  const a = readAll(original);
  const b = readAll(written);
  written.channels.forEach((c, i) => {
    const step = (c.physicalMax - c.physicalMin) / (c.digitalMax - c.digitalMin);
    let worst = 0;
    for (let k = 0; k < a[i].length; k++) worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]));
    expect(worst, c.label).toBeLessThanOrEqual(step * 1.0001);
  });
  expect(written.events.map((e) => [e.onsetSec, e.durationSec, e.label])).toEqual(original.events.map((e) => [e.onsetSec, e.durationSec, e.label]));
}

/** biosig's save2gdf opens the file, prints its header as JSON and says nothing else on stderr. */
function expectBiosigReads(file: string, channels: number, samples: number): void {
  const result = spawnSync('save2gdf', ['-JSON', file], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  const noise = result.stderr.split('\n').filter((line) => line.trim() !== '' && !/^save2gdf .* \(null\)$/.test(line.trim()));
  expect(noise).toEqual([]);
  const header = JSON.parse(result.stdout);
  expect(header.NumberOfChannels).toBe(channels + 1);
  expect(header.NumberOfSamples).toBe(samples);
}

describe.skipIf(sharedDataMissing)('convert: read -> write EDF+/BDF+ -> read', () => {
  const inputs = [physionetRun(1, 4), physionetRun(3, 8), formatSample('test_utf8_annotations.edf'), formatSample('multiple_annotation_chans.bdf')];
  const outputs: { input: string; out: string; kind: 'EDF' | 'BDF' }[] = [];

  it('gives the same samples and annotations', async () => {
    for (const input of inputs) {
      for (const kind of ['EDF', 'BDF'] as const) {
        const out = path.join(dir, `${path.basename(input)}.${kind.toLowerCase()}`);
        const original = open(input);
        const result = await convertToEdf(original, out, kind);
        expect(result.events).toBe(original.events.length);
        expect(result.paddedSamples.every((n) => n === 0)).toBe(true);
        const written = open(out);
        expect(written.version).toBe(`${kind}+C`);
        expect(written.warnings).toEqual([]);
        expectSameRecording(original, written);
        outputs.push({ input, out, kind });
      }
    }
  });

  it.skipIf(pythonMissing)('opens without warnings in MNE with the same values and annotations', () => {
    const readings = readWithMne(outputs.map((o) => o.out));
    readings.forEach((mne, i) => {
      expect(mne.error).toBeUndefined();
      expect(mne.warnings).toEqual([]);
      const ours = open(outputs[i].out);
      expect(mne.ch_names).toEqual(ours.channels.map((c) => c.label));
      const data = readAll(ours);
      ours.channels.forEach((c, k) => {
        if (c.sampleRateHz !== ours.sampleRateHz) return;
        const scale = mneEdfUnitScale(c.unit);
        const step = ((c.physicalMax - c.physicalMin) / (c.digitalMax - c.digitalMin)) * scale;
        let worst = 0;
        for (let j = 0; j < data[k].length; j++) worst = Math.max(worst, Math.abs(data[k][j] * scale - mne.data[k][j]));
        expect(worst).toBeLessThanOrEqual((step / 2) * 1.001); // plus float32 rounding of our values
      });
      const inRange = ours.events.filter((e) => e.onsetSec < ours.durationSec);
      expect(mne.annotations.map((a) => a[2])).toEqual(inRange.map((e) => e.label));
      mne.annotations.forEach((a, j) => expect(Math.abs(a[0] - inRange[j].onsetSec)).toBeLessThan(2e-6));
    });
  });

  it.skipIf(biosigMissing)('opens without warnings in biosig (save2gdf)', () => {
    for (const { out } of outputs) {
      const written = open(out);
      expectBiosigReads(out, written.channels.length, written.nSamples);
    }
  });
});

describe('EdfRecorder', () => {
  const channels = (kind: 'EDF' | 'BDF') => [0, 1].map((i) => ({
    label: `Ch${i}`, unit: 'uV', sampleRateHz: 100, physicalMin: -1000, physicalMax: 1000,
    digitalMin: kind === 'BDF' ? -8388608 : -32768, digitalMax: kind === 'BDF' ? 8388607 : 32767,
  }));

  it('writes records as they complete, keeps the count at -1 until finalised, then checksums', async () => {
    const out = path.join(dir, 'live.bdf');
    const recorder = EdfRecorder.open(out, { kind: 'BDF', channels: channels('BDF') });
    const header = readFileSync(out).subarray(236, 244).toString('latin1');
    expect(header.trim()).toBe('-1');
    const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, k) => (from + k) % 500);
    recorder.appendSamples([ramp(0, 150), ramp(0, 150)]);
    recorder.addAnnotation(0.5, 1, 'cue left');
    recorder.appendSamples([ramp(150, 100), ramp(150, 100)]);
    expect(recorder.recordsWritten).toBe(2);
    const during = open(out);
    expect(during.unfinalised).not.toBeNull();
    expect(during.nSamples).toBe(200);
    const result = await recorder.finalise();
    expect(result.records).toBe(3);
    expect(result.samplesWritten).toEqual([250, 250]);
    expect(result.paddedSamples).toEqual([50, 50]);
    expect(result.durationSec).toBe(2.5);
    expect(readFileSync(result.sidecarPath, 'utf8')).toBe(`${result.sha256}  live.bdf\n`);
    const loaded = await loadRecording(out);
    expect(loaded.checksum.status).toBe('verified');
    expect(loaded.events.map((e) => e.label)).toEqual(['cue left', PADDING_ANNOTATION]);
    expect(loaded.events[1]).toMatchObject({ onsetSec: 2.5, durationSec: 0.5 });
    for (let k = 0; k < 250; k++) expect(Math.abs(loaded.data[0][k] - (k % 500))).toBeLessThan(1e-3);
    expect(loaded.data[0][299]).toBeCloseTo(249, 3); // padding holds the last value
  });

  it('refuses to overwrite, and reports a changed file through its checksum', async () => {
    const out = path.join(dir, 'tamper.edf');
    const recorder = EdfRecorder.open(out, { kind: 'EDF', channels: channels('EDF') });
    recorder.appendSamples([new Float32Array(100), new Float32Array(100)]);
    await recorder.finalise();
    expect(() => EdfRecorder.open(out, { kind: 'EDF', channels: channels('EDF') })).toThrow(/EEXIST/);
    const bytes = readFileSync(out);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(out, bytes);
    await expect(loadRecording(out)).rejects.toThrow(/SHA-256 .* differs from its sidecar/);
    const anyway = await loadRecording(out, { allowChecksumMismatch: true });
    expect(anyway.checksum.status).toBe('mismatch');
  });

  it('rejects specs and samples that cannot be written, naming the field', () => {
    expect(() => EdfRecorder.open(path.join(dir, 'bad1.edf'), { kind: 'EDF', channels: [{ ...channels('EDF')[0], sampleRateHz: 100.5 }] }))
      .toThrow(/channels\[0\] \(Ch0\)\.sampleRateHz/);
    expect(() => EdfRecorder.open(path.join(dir, 'bad2.edf'), { kind: 'EDF', channels: [{ ...channels('EDF')[0], label: 'a very long label here' }] }))
      .toThrow(/longer than the 16 characters/);
    const recorder = EdfRecorder.open(path.join(dir, 'bad3.edf'), { kind: 'EDF', channels: channels('EDF') });
    expect(() => recorder.appendSamples([new Float32Array(10)])).toThrow(/expected 2 channels/);
    expect(() => recorder.appendSamples([new Float32Array(10), new Float32Array(9)])).toThrow(/channel 1 \(Ch1\) has 9 samples, expected 10/);
    recorder.close();
  });

  for (const kind of ['EDF', 'BDF'] as const) {
    it.skipIf(pythonMissing)(`a ${kind} writer killed with SIGKILL leaves a file that is repaired on open and MNE reads`, async () => {
      const out = path.join(dir, `crash.${kind.toLowerCase()}`);
      const child = spawn(process.execPath, [path.join(repositoryRoot, 'test/support/crash-writer.ts'), out, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => {
          const counts = [...data.toString().matchAll(/records (\d+)/g)].map((m) => Number(m[1]));
          if (counts.some((n) => n >= 3)) resolve();
        });
        child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      const before = open(out);
      expect(before.unfinalised).not.toBeNull();
      expect(existsSync(`${out}.sha256`)).toBe(false);
      const opened = await openRecording(out, { repair: true });
      opened.close();
      expect(opened.repair).not.toBeNull();
      expect(opened.repair!.recordsKept).toBeGreaterThanOrEqual(3);
      expect(opened.file.warnings[0]).toMatch(/had not been finalised .* repaired/);
      expect(statSync(out).size).toBe(opened.file.header.headerBytes as number + opened.repair!.recordsKept * (8 * 250 * (kind === 'BDF' ? 3 : 2) + (kind === 'BDF' ? 1026 : 1024)));
      expect(open(out).unfinalised).toBeNull();
      expect((await loadRecording(out)).checksum.status).toBe('verified');
      const [mne] = readWithMne([out]);
      expect(mne.error).toBeUndefined();
      expect(mne.n_times).toBe(opened.repair!.recordsKept * 250);
      expect(mne.annotations.length).toBeGreaterThanOrEqual(2);
    });
  }
});
