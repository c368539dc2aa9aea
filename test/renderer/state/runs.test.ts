// The runs table's pure rules: the import path check, what a row says, and which runs can be used together.
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../src-main/contract/index.ts';
import { checkImportPath, eventsText, orderedChoice, qualityIssues, runChoiceProblem, toggleRun, trialsText } from '../../../src-renderer/src/state/runs.ts';

const channels = ['C3..', 'Cz..', 'C4..'];
const run = (id: number, over: Partial<Run> = {}): Run => ({
  id, sessionId: 1, kind: 'imported', file: `recordings/session-1/S001R0${id}.edf`, originalName: `S001R0${id}.edf`, sha256: 'ab'.repeat(32), bytes: 1000,
  format: 'EDF+C', durationSec: 125, sampleRateHz: 160, channels, events: [{ event: 'T0', count: 15 }, { event: 'T2', count: 8 }, { event: 'T1', count: 7 }],
  trialsPerClass: { T1: 7, T2: 8 }, device: null, settings: null, lostSamples: 0, interrupted: false,
  quality: { flatChannels: [], railedChannels: [], noisyChannels: ['Cz..'], medianStd: 20, warnings: [] }, createdAt: '2026-01-01T00:00:00Z', fileStatus: 'ok', ...over,
});

describe('runs', () => {
  it('import only a full path, trimmed; name what is wrong otherwise', () => {
    expect(checkImportPath('  /data/S001R04.edf ')).toEqual({ ok: true, path: '/data/S001R04.edf' });
    expect(checkImportPath('C:\\eeg\\run.gdf').ok).toBe(true);
    expect(checkImportPath('   ')).toEqual({ ok: false, problem: { key: 'pathMissing' } });
    expect(checkImportPath('S001R04.edf')).toEqual({ ok: false, problem: { key: 'relativePath', params: { path: 'S001R04.edf' } } });
  });

  it('show trials per class, events with counts in order and the quality flags', () => {
    expect(trialsText(run(4))).toBe('T1 7 · T2 8');
    expect(trialsText(run(4, { trialsPerClass: {} }))).toBeNull();
    expect(eventsText(run(4))).toBe('T0 15, T2 8, T1 7');
    expect(qualityIssues(run(4))).toEqual({ flat: [], railed: [], noisy: ['Cz..'], warnings: [], impedance: null });
    // A recording made after an impedance measurement in its session: the electrodes that were above the threshold.
    const impedance = {
      device: 'cyton', sessionId: 1, measuredAt: '2026-01-01T00:00:00Z', thresholdKOhm: 10, go: false,
      channels: [{ channel: 1, label: 'C3..', kOhm: 4, go: true }, { channel: 2, label: 'Cz..', kOhm: 22, go: false }, { channel: 3, label: 'C4..', kOhm: 31, go: false }],
    };
    const measured = run(5, { quality: { ...run(5).quality, impedance } });
    expect(qualityIssues(measured).impedance).toEqual({ above: ['Cz..', 'C4..'], thresholdKOhm: 10 });
    const good = run(6, { quality: { ...run(6).quality, impedance: { ...impedance, go: true, channels: [impedance.channels[0]] } } });
    expect(qualityIssues(good).impedance).toEqual({ above: [], thresholdKOhm: 10 });
  });

  it('refuse a changed or missing file, a different rate or different channels among the chosen runs', () => {
    const runs = [run(4), run(8, { fileStatus: 'changed' }), run(6, { sampleRateHz: 250 }), run(9, { channels: ['C3..', 'C4..', 'Cz..'] }), run(5)];
    expect(runChoiceProblem(runs, [4, 5])).toBeNull();
    expect(runChoiceProblem(runs, [])).toBeNull();
    expect(runChoiceProblem(runs, [4, 8])).toEqual({ key: 'runUnusable', params: { run: 'S001R08.edf', status: 'changed' } });
    expect(runChoiceProblem(runs, [4, 6])).toEqual({ key: 'rateDiffers', params: { run: 'S001R06.edf', rate: 250, first: 160 } });
    expect(runChoiceProblem(runs, [4, 9])).toEqual({ key: 'channelsDiffer', params: { run: 'S001R09.edf', first: 'S001R04.edf' } });
  });

  it('keep the choice in the table’s order, dropping runs no longer listed, and toggle one run', () => {
    const runs = [run(4), run(8), run(12)];
    expect(orderedChoice(runs, [12, 99, 4])).toEqual([4, 12]);
    expect(toggleRun([4, 12], 8)).toEqual([4, 12, 8]);
    expect(toggleRun([4, 12], 4)).toEqual([12]);
  });
});
