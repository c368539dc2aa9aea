import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.ts';
import { physionetRun, sharedDataMissing } from '../../support/shared-data.ts';
import { expectClose, loadFixture } from '../../core/features/fixtures.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

const files = [4, 8, 12].map((r) => physionetRun(1, r));

interface Output {
  method: string; channels: string[]; freqsHz: number[]; classes: { name: string; nTrials: number }[];
  mean: number[][][]; sd: number[][][]; r2: number[][]; signedR2: number[][]; log: boolean; elapsedMs: number;
  trials: { index: number; file: number; onsetSec: number; class: string }[];
}

describe.skipIf(sharedDataMissing)('neurofeat features', () => {
  it('prints the CLI.md fields for Welch on S001 runs 4, 8, 12 with R² equal to the scipy reference (its 1-4 s window)', async () => {
    const { code, out } = await run(['features', ...files, '--method', 'welch', '--classes', 'T1,T2', '--window', '1:4', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Output;
    expect(json.method).toBe('welch');
    expect(json.channels.length).toBe(64);
    expect(json.freqsHz).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(json.classes).toEqual([{ name: 'T1', nTrials: 23 }, { name: 'T2', nTrials: 22 }]);
    expect(json.mean.length).toBe(2);
    expect(json.mean[0].length).toBe(64);
    expect(json.sd[1][63].length).toBe(40);
    expect(json.log).toBe(true);
    expect(json.elapsedMs).toBeGreaterThan(0);
    expect(json.trials.map((t) => t.index)).toEqual(Array.from({ length: 45 }, (_, i) => i));
    const fixture = loadFixture<{ channels: string[]; r2Bins1to40: number[]; signedR2Bins1to40: number[] }>('physionet-s001.json');
    const rows = fixture.channels.map((c) => json.channels.findIndex((l) => l.replace(/\.+$/, '').toLowerCase() === c.toLowerCase()));
    expectClose(rows.flatMap((r) => json.r2[r]), fixture.r2Bins1to40, 1e-6, 1e-6, 'r2');
    expectClose(rows.flatMap((r) => json.signedR2[r]), fixture.signedR2Bins1to40, 1e-6, 1e-6, 'signed r2');
  });

  it('gives connectivity node strength with two worker threads equal to in-process', async () => {
    const args = ['features', physionetRun(1, 4), '--method', 'wpli', '--channels', 'C3,Cz,C4,Fc3,Fc4,Cp3,Cp4', '--json'];
    const one = JSON.parse((await run([...args, '--threads', '1'])).out) as Output;
    const two = JSON.parse((await run([...args, '--threads', '2'])).out) as Output;
    expect(one.method).toBe('wpli');
    expect(one.log).toBe(false);
    expect(one.freqsHz[0]).toBe(2);
    expect(two.r2).toEqual(one.r2);
    expect(two.mean).toEqual(one.mean);
  });

  it('filters whole recordings before epoching with --bandpass and --notch (power outside the band drops)', async () => {
    const plain = JSON.parse((await run(['features', files[0], '--json', '--channels', 'C3,C4'])).out) as Output;
    const filtered = JSON.parse((await run(['features', files[0], '--json', '--channels', 'C3,C4', '--bandpass', '8-30', '--notch', '50'])).out) as Output;
    const at = (o: Output, hz: number) => o.mean[0][0][o.freqsHz.indexOf(hz)];
    expect(at(filtered, 2)).toBeLessThan(at(plain, 2) - 2); // log10: over 100x less power at 2 Hz
    expect(Math.abs(at(filtered, 15) - at(plain, 15))).toBeLessThan(0.1);
  });

  it('adds per-class connectivity matrices with --matrix and ERD/ERS maps with --erds', async () => {
    const { code, out } = await run(['features', ...files, '--method', 'coh', '--channels', 'C3,Cz,C4', '--matrix', '--erds=-2:-0.5', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Output & { matrix: number[][][][]; erds: { timesSec: number[]; freqsHz: number[]; values: number[][][][] } };
    expect(json.matrix.length).toBe(2);
    expect(json.matrix[0].length).toBe(3);
    expect(json.matrix[0][1].length).toBe(3);
    expect(json.matrix[0][1][1].length).toBe(json.freqsHz.length);
    expect(json.matrix[1][0][2][5]).toBeCloseTo(json.matrix[1][2][0][5], 12);
    expect(json.matrix[0][0][0][5]).toBe(0);
    // Node strength of C3 is the mean of its two rows entries (class mean of trial node strengths).
    expect(json.mean[0][0][5]).toBeCloseTo((json.matrix[0][0][1][5] + json.matrix[0][0][2][5]) / 2, 12);
    expect(json.erds.timesSec[0]).toBeCloseTo(-1.5, 12);
    expect(json.erds.values.length).toBe(2);
    expect(json.erds.values[0][1].length).toBe(json.erds.timesSec.length);
    const welch = await run(['features', files[0], '--matrix']);
    expect(welch.code).toBe(2);
    expect(welch.err).toMatch(/--matrix: only for the Welch connectivity methods/);
  });

  it('gives HappyFeat-style MVAR coherence node strength with --method mvarabsimcoh', async () => {
    const { code, out } = await run(['features', files[0], '--method', 'mvarabsimcoh', '--channels', 'C3,Cz,C4', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Output;
    expect(json.method).toBe('mvarabsimcoh');
    expect(json.freqsHz).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(json.log).toBe(false);
    expect(json.mean[0][1].every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('exits 2 with a one-line reason for bad input', async () => {
    const unknown = await run(['features', ...files, '--classes', 'T1,T7']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/class 'T7' matches no event; events present: T0, T2, T1\n$/);
    const nyquist = await run(['features', files[0], '--fmax', '90']);
    expect(nyquist.code).toBe(2);
    expect(nyquist.err).toMatch(/fmax: 90 Hz is above the Nyquist frequency 80 Hz/);
    const method = await run(['features', files[0], '--method', 'fft']);
    expect(method.err).toMatch(/method: 'fft' is not known; allowed: welch, burg, coh, msc, imcoh, absimcoh, plv, wpli, mvarcoh, mvarabsimcoh/);
    const window = await run(['features', files[0], '--window', '4:1']);
    expect(window.err).toMatch(/--window: expected START:END/);
    const missing = await run(['features', '/nonexistent/S001R04.edf']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('neurofeat features: /nonexistent/S001R04.edf: no such file\n');
    const single = await run(['features', files[0], '--method', 'coh', '--segment', '3']);
    expect(single.code).toBe(2);
    expect(single.err).toMatch(/leaves 1 segment per 3 s trial/);
  });
});
