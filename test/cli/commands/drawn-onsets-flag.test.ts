// `neurofeat train --drawn-onsets`: the files' cue markers moved to their drawn onsets by the stored latencies, one timing file per recording, bad timing files named.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../../../src-main/cli/command.ts';
import { loadTrainingRecordings, parseCueTimings } from '../../../src-main/cli/commands/training-flags.ts';
import { EdfRecorder } from '../../../src-main/engine/recorder/edf-recorder.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-drawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fs = 250;

/** A 20 s BDF+ with cues 769 at sample 1000 and 770 at sample 2000 (as a protocol run writes them) and a beep. */
async function run(name: string): Promise<string> {
  const file = path.join(dir, name);
  const recorder = EdfRecorder.open(file, { kind: 'BDF', channels: [{ label: 'C3', unit: 'uV', sampleRateHz: fs, physicalMin: -1000, physicalMax: 1000, digitalMin: -8388608, digitalMax: 8388607 }] });
  recorder.appendSamples([new Float32Array(20 * fs)]);
  recorder.addAnnotation(750 / fs, 0, '785');
  recorder.addAnnotation(1000 / fs, 0, '769');
  recorder.addAnnotation(2000 / fs, 0, '770');
  await recorder.finalise();
  return file;
}
const cueSamples = (events: { onsetSec: number; label: string }[]) => events.filter((e) => e.label !== '785' && /^\d+$/.test(e.label)).map((e) => [e.label, Math.round(e.onsetSec * fs)]);

describe('--drawn-onsets', () => {
  it('moves each file\u2019s cues by its own stored latencies, exactly; \u2018-\u2019 and no flag leave them as recorded', async () => {
    const a = await run('a.bdf');
    const b = await run('b.bdf');
    const timing = path.join(dir, 'a.cues.json');
    // As `recordings.list` gives a run: its protocol record's cues (20 ms = 5 samples, 13.9 ms = 3 at 250 Hz).
    writeFileSync(timing, JSON.stringify({ id: 4, protocol: { kind: 'online', cues: [{ trial: 0, sample: 1000, drawnLatencyMs: 20 }, { trial: 1, sample: 2000, drawnLatencyMs: 13.9 }] } }));
    const [movedA, keptB] = await loadTrainingRecordings({ positionals: [a, b], values: { 'drawn-onsets': `${timing},-` } });
    expect(cueSamples(movedA.events)).toEqual([['769', 1005], ['770', 2003]]);
    expect(cueSamples(keptB.events)).toEqual([['769', 1000], ['770', 2000]]);
    // Other markers stay where they are.
    expect(movedA.events.find((e) => e.label === '785')?.onsetSec).toBe(3);
    const [plain] = await loadTrainingRecordings({ positionals: [a], values: {} });
    expect(cueSamples(plain.events)).toEqual([['769', 1000], ['770', 2000]]);
  });

  it('refuses a count that does not match the files, an unreadable file, and timing that is not the app\u2019s, naming each', async () => {
    const a = await run('c.bdf');
    await expect(loadTrainingRecordings({ positionals: [a], values: { 'drawn-onsets': '-,-' } })).rejects.toThrow(/one cue timing file per recording \(1, '-' for one without\), got 2/);
    await expect(loadTrainingRecordings({ positionals: [a], values: { 'drawn-onsets': path.join(dir, 'missing.json') } })).rejects.toThrow(/cannot read .*missing\.json: ENOENT/);
    expect(() => parseCueTimings('{', 't.json')).toThrow(UsageError);
    expect(() => parseCueTimings('{', 't.json')).toThrow(/t\.json: not JSON/);
    expect(() => parseCueTimings('{"trials":[]}', 't.json')).toThrow(/no "cues" list/);
    expect(() => parseCueTimings('{"cues":[{"sample":1.5,"drawnLatencyMs":3}]}', 't.json')).toThrow(/cue 1 is not/);
    expect(() => parseCueTimings('{"cues":[{"sample":10,"drawnLatencyMs":"3"}]}', 't.json')).toThrow(/cue 1 is not/);
    expect(parseCueTimings('{"cues":[{"sample":10,"drawnLatencyMs":null}]}', 't.json')).toEqual([{ sample: 10, drawnLatencyMs: null }]);
  });
});
