// GDF 1.x/2.x reader: generated files of every data type and both event modes against the generator,
// biosig's `save2gdf -JSON` and MNE's read_raw_gdf; PhysioNet runs converted by save2gdf at test time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BufferSource } from '../../../src-main/core/formats/byte-source.ts';
import { gdfEventLabel } from '../../../src-main/core/formats/gdf-codes.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';
import type { SignalFile } from '../../../src-main/core/formats/signal-file.ts';
import { generateGdf, type GdfSpec } from '../../support/gdf-generator.ts';
import { readWithMne } from '../../support/mne.ts';
import { formatSample, physionetRun, sharedDataMissing } from '../../support/shared-data.ts';
import { biosigMissing, pythonMissing } from '../../support/prerequisites.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-gdf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(file: string): SignalFile {
  return openSignalFile(new BufferSource(readFileSync(file), path.basename(file)));
}

interface BiosigEvent { TYP: string; POS: number; DUR: number; Description?: string }
function biosig(file: string): { NumberOfSamples: number; Samplingrate: number; EVENT?: BiosigEvent[]; CHANNEL: { Label: string }[] } {
  return JSON.parse(execFileSync('save2gdf', ['-JSON', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

/** Digital ranges and a value pattern for each data type, inside the type's range. */
const TYPES: Record<number, { min: number; max: number; value: (s: number, c: number) => number }> = {
  1: { min: -128, max: 127, value: (s, c) => ((s * 37 + c * 11) % 256) - 128 },
  2: { min: 0, max: 255, value: (s, c) => (s * 37 + c * 11) % 256 },
  3: { min: -32768, max: 32767, value: (s, c) => ((s * 977 + c * 101) % 65536) - 32768 },
  4: { min: 0, max: 65535, value: (s, c) => (s * 977 + c * 101) % 65536 },
  5: { min: -2147483648, max: 2147483647, value: (s, c) => ((s * 9_999_991 + c) % 4_000_000_000) - 2_000_000_000 },
  6: { min: 0, max: 4294967295, value: (s, c) => (s * 9_999_991 + c) % 4_000_000_000 },
  7: { min: -1e12, max: 1e12, value: (s, c) => (s * 1_000_003 - 500_000_000 + c) * 1000 },
  8: { min: 0, max: 1e12, value: (s, c) => (s * 1_000_003 + c) * 1000 },
  16: { min: -1000, max: 1000, value: (s, c) => Math.fround(Math.sin(s / 7 + c) * 900) },
  17: { min: -1000, max: 1000, value: (s, c) => Math.sin(s / 7 + c) * 900.123456789 },
  279: { min: -8388608, max: 8388607, value: (s, c) => ((s * 99991 + c) % 16777216) - 8388608 },
};

function spec(version: string, dataType: number, eventMode: 1 | 3): GdfSpec {
  const t = TYPES[dataType];
  return {
    version,
    nRecords: 6,
    recordDuration: [1, 2],
    channels: ['C3', 'C4', 'Cz'].map((label, c) => ({
      label, unit: 'uV', unitCode: 4275, physicalMin: -250 - c, physicalMax: 250 + c, digitalMin: t.min, digitalMax: t.max, samplesPerRecord: 64, dataType,
    })),
    value: (c, s) => t.value(s, c),
    eventMode,
    eventRate: 128,
    events: [
      { position: 1, code: 0x7ffe },
      { position: 33, code: 768, duration: 10 },
      { position: 65, code: 769, duration: 160, channel: 0 },
      { position: 150, code: 770, duration: 160 },
      { position: 220, code: 0x8000 | 770 },
      { position: 260, code: 1023 },
      { position: 300, code: 1, duration: 3 },
      { position: 350, code: 783, duration: 1 },
    ],
    descriptions: ['rest', 'imagery'],
  };
}

/** Same codes, and onsets and durations as biosig prints them (%f: six decimals); user-code texts too when asked. */
function expectSameEvents(ours: SignalFile, reference: BiosigEvent[], withDescriptions: boolean): void {
  expect(ours.events.map((e) => e.code)).toEqual(reference.map((e) => parseInt(e.TYP, 16)));
  ours.events.forEach((e, i) => {
    expect(Math.abs(e.onsetSec - reference[i].POS)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(e.durationSec - (reference[i].DUR ?? 0))).toBeLessThanOrEqual(1e-6);
    if (withDescriptions && e.code! >= 1 && e.code! <= 255 && reference[i].Description) expect(e.label).toBe(reference[i].Description);
  });
}

const versions = ['1.25', '2.10', '2.20', '2.22', '2.51'];
const generated: { file: string; spec: GdfSpec }[] = [];

describe('GDF reader on generated files', () => {
  it('reads every data type of every version, both event modes, as the generator wrote them', () => {
    for (const version of versions) {
      for (const dataType of Object.keys(TYPES).map(Number)) {
        for (const mode of [1, 3] as const) {
          const s = spec(version, dataType, mode);
          const file = path.join(dir, `v${version}-t${dataType}-m${mode}.gdf`);
          writeFileSync(file, generateGdf(s));
          generated.push({ file, spec: s });
          const ours = open(file);
          expect(ours.version).toBe(`GDF ${version}`);
          expect(ours.sampleRateHz).toBe(128);
          expect(ours.nSamples).toBe(384);
          expect(ours.warnings).toEqual([]);
          const data = ours.readSamples([0, 1, 2], 0, 384);
          s.channels.forEach((c, ch) => {
            const gain = (c.physicalMax - c.physicalMin) / (c.digitalMax - c.digitalMin);
            let worst = 0;
            for (let k = 0; k < 384; k++) {
              const expected = (s.value(ch, k) - c.digitalMin) * gain + c.physicalMin;
              worst = Math.max(worst, Math.abs(data[ch][k] - expected) - Math.abs(expected) * 1e-6);
            }
            expect(worst, `${file} ch ${ch}`).toBeLessThanOrEqual(1e-6);
          });
          expect(ours.events.map((e) => [e.onsetSec, e.durationSec, e.code, e.label])).toEqual(s.events.map((e) => [
            (e.position - 1) / 128, mode === 3 ? (e.duration ?? 0) / 128 : 0, e.code,
            gdfEventLabel(e.code, Number(version) > 1.9 ? ['', 'rest', 'imagery'] : []),
          ]));
        }
      }
    }
    const names = open(generated.find((g) => g.file.includes('v2.20-t3-m3'))!.file).events.map((e) => e.label);
    expect(names).toEqual(['new run', 'trial start', 'cue left', 'cue right', 'end of cue right', 'rejected trial', 'rest', 'cue unknown']);
  });

  it.skipIf(biosigMissing)('reports the events save2gdf -JSON reports', () => {
    for (const { file } of generated.filter((g) => /t(3|16)-/.test(g.file))) {
      const reference = biosig(file);
      const ours = open(file);
      expect(reference.NumberOfSamples).toBe(ours.nSamples);
      expect(reference.Samplingrate).toBe(ours.sampleRateHz);
      expectSameEvents(ours, reference.EVENT ?? [], false);
    }
  });

  it.skipIf(pythonMissing)('reads the same values and events as MNE read_raw_gdf', () => {
    // MNE 1.3 reads neither 24-bit integers nor a tagged header section (user event texts, 2.5x files);
    // it stretches zero durations to one sample, so only positive durations are compared.
    // MNE 1.3 also reads the record duration of 2.21+ (a float64) as two integers, so those are left out.
    const comparable = generated.filter((g) => !g.file.includes('t279') && Number(g.spec.version) < 2.21).map((g) => {
      const file = g.file.replace(/\.gdf$/, '-notags.gdf');
      writeFileSync(file, generateGdf({ ...g.spec, descriptions: undefined }));
      return { file };
    });
    const readings = readWithMne(comparable.map((g) => g.file));
    readings.forEach((mne, i) => {
      expect(mne.error, comparable[i].file).toBeUndefined();
      const ours = open(comparable[i].file);
      const data = ours.readSamples([0, 1, 2], 0, ours.nSamples);
      expect(mne.ch_names).toEqual(['C3', 'C4', 'Cz']);
      data.forEach((values, c) => {
        let worst = 0;
        for (let k = 0; k < values.length; k++) {
          const reference = mne.data[c][k] / 1e-6;
          worst = Math.max(worst, Math.abs(values[k] - reference) - Math.abs(reference) * 1e-6);
        }
        expect(worst, `${comparable[i].file} ch ${c}`).toBeLessThanOrEqual(1e-6);
      });
      expect(mne.annotations.map((a) => a[2])).toEqual(ours.events.map((e) => String(e.code)));
      mne.annotations.forEach((a, j) => {
        expect(Math.abs(a[0] - ours.events[j].onsetSec), `${comparable[i].file} event ${j}: ${JSON.stringify(mne.annotations)}`).toBeLessThanOrEqual(1e-6); // MNE keeps microseconds
        if (ours.events[j].durationSec > 0) expect(Math.abs(a[1] - ours.events[j].durationSec)).toBeLessThanOrEqual(1e-6);
      });
    });
  });
});

describe.skipIf(sharedDataMissing)('GDF files converted by save2gdf at test time', () => {
  const sources = [physionetRun(1, 4), physionetRun(2, 12), formatSample('test_bdf_stim_channel.bdf')];

  for (const source of sources) {
    it.skipIf(biosigMissing)(`${path.basename(source)} -> GDF 2.51 reads like the source`, () => {
      const gdf = path.join(dir, `${path.basename(source)}.gdf`);
      execFileSync('save2gdf', ['-f=GDF', source, gdf], { stdio: 'ignore' });
      const original = open(source);
      const converted = open(gdf);
      expect(converted.version).toBe('GDF 2.51');
      // biosig turns a BDF Status channel into events; the other channels must be there, in order.
      const labels = original.channels.map((c) => c.label).filter((l) => l !== 'Status');
      expect(converted.channels.map((c) => c.label)).toEqual(labels);
      expect(converted.nSamples).toBe(original.nSamples);
      const a = original.readSamples(labels.map((_, i) => i), 0, original.nSamples);
      const b = converted.readSamples(converted.channels.map((_, i) => i), 0, converted.nSamples);
      converted.channels.forEach((c, i) => {
        // biosig may rescale a channel: within one step of the coarser scale.
        const o = original.channels[i];
        const step = Math.max((c.physicalMax - c.physicalMin) / (c.digitalMax - c.digitalMin), (o.physicalMax - o.physicalMin) / (o.digitalMax - o.digitalMin));
        let worst = 0;
        for (let k = 0; k < a[i].length; k++) worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]) - Math.abs(a[i][k]) * 2 ** -22);
        expect(worst, c.label).toBeLessThanOrEqual(step);
      });
      expectSameEvents(converted, biosig(gdf).EVENT ?? [], true);
      if (!source.endsWith('.bdf')) {
        expect(converted.events.map((e) => [e.onsetSec, e.durationSec, e.label])).toEqual(original.events.map((e) => [e.onsetSec, e.durationSec, e.label]));
      }
    });
  }

  it.skipIf(pythonMissing)('test_1ch.gdf (MNE test data) equals MNE', () => {
    const file = formatSample('test_1ch.gdf');
    const [mne] = readWithMne([file]);
    const ours = open(file);
    expect(ours).toMatchObject({ version: 'GDF 2.10', sampleRateHz: 150, nSamples: 4500 });
    expect(ours.channels[0]).toMatchObject({ label: 'ECG', unit: 'mV' });
    const [values] = ours.readSamples([0], 0, 4500);
    let worst = 0;
    for (let k = 0; k < 4500; k++) worst = Math.max(worst, Math.abs(values[k] * 1e-3 - mne.data[0][k]));
    expect(worst).toBeLessThan(1e-9);
  });
});
