import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeatureCacheStore } from '../../../src-main/services/jobs/feature-cache.ts';
import { runFeatureJob } from '../../../src-main/services/jobs/feature-job.ts';
import { defaultFeatureParameters } from '../../../src-main/core/features/pipeline.ts';
import { featureCacheKey, parameterHash } from '../../../src-main/core/features/param-hash.ts';
import { loadRecording } from '../../../src-main/services/recordings/load-recording.ts';
import { sha256File } from '../../../src-main/services/recordings/checksum.ts';
import { physionetRun, sharedDataMissing } from '../../support/shared-data.ts';
import { main } from '../../../src-main/cli/main.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'neurofeat-cache-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(sharedDataMissing)('feature cache', async () => {
  if (sharedDataMissing) return; // the recordings are read while collecting
  const files = [4, 8, 12].map((r) => physionetRun(1, r));
  const recordings = await Promise.all(files.map((f) => loadRecording(f)));
  const checksums = await Promise.all(files.map((f) => sha256File(f)));
  const parameters = defaultFeatureParameters('welch', ['T1', 'T2']);

  it('gives, per recording from the cache, exactly the features of the joint computation with the same trial numbers', async () => {
    const store = new FeatureCacheStore(dataDir);
    const direct = await runFeatureJob(recordings, parameters, { threads: 1 });
    const first = await runFeatureJob(recordings, parameters, { threads: 1, cache: { store, checksums } });
    expect(first.cacheHits).toBe(0);
    const second = await runFeatureJob(recordings, parameters, { threads: 1, cache: { store, checksums } });
    expect(second.cacheHits).toBe(3);
    for (const result of [first, second]) {
      expect(result.trials).toEqual(direct.trials);
      expect(result.features.values.map((v) => Array.from(v))).toEqual(direct.features.values.map((v) => Array.from(v)));
      expect(Array.from(result.stats.r2)).toEqual(Array.from(direct.stats.r2));
    }
  });

  it('merges runs whose channels come in another order, as the joint computation does', async () => {
    const store = new FeatureCacheStore(dataDir);
    const permutation = recordings[1].channels.map((_, i) => (i * 7) % 64);
    const shuffled = { ...recordings[1], channels: permutation.map((i) => recordings[1].channels[i]), data: permutation.map((i) => recordings[1].data[i]) };
    const runs = [recordings[0], shuffled];
    const direct = await runFeatureJob(runs, parameters, { threads: 1 });
    const cached = await runFeatureJob(runs, parameters, { threads: 1, cache: { store, checksums: [checksums[0], 'f'.repeat(64)] } });
    expect(cached.features.values.map((v) => Array.from(v))).toEqual(direct.features.values.map((v) => Array.from(v)));
    store.dropRecording('f'.repeat(64));
  });

  it('misses when a parameter changes, and treats a damaged entry as a miss', async () => {
    const store = new FeatureCacheStore(dataDir);
    const changed = await runFeatureJob(recordings, { ...parameters, band: { fminHz: 2, fmaxHz: 30 } }, { threads: 1, cache: { store, checksums } });
    expect(changed.cacheHits).toBe(0);
    expect(changed.features.freqsHz[0]).toBe(2);
    const damaged = store.pathOf(featureCacheKey(checksums[0], parameterHash(parameters)));
    writeFileSync(damaged, 'garbage');
    const again = await runFeatureJob(recordings, parameters, { threads: 1, cache: { store, checksums } });
    expect(again.cacheHits).toBe(2);
    expect(again.features.values[0].length).toBe(64 * 40);
    expect(statSync(damaged).size).toBeGreaterThan(1000); // recomputed and stored again
    const before = store.entries();
    expect(before.filter((e) => e.key.startsWith(checksums[1])).length).toBe(2);
    expect(before.filter((e) => !(e.bytes > 1000 && /^[0-9a-f]{64}-[0-9a-f]{64}$/.test(e.key)))).toEqual([]);
    expect(store.dropRecording(checksums[1])).toBe(2);
    expect(store.entries().length).toBe(before.length - 2);
  });

  it('is used by `neurofeat features --cache` under --data-dir', async () => {
    const run = async () => {
      let out = '';
      let err = '';
      const code = await main(['features', ...files, '--cache', '--data-dir', dataDir, '--json'], { out: (t) => { out += t; }, err: (t) => { err += t; } });
      expect(err).toBe('');
      expect(code).toBe(0);
      return JSON.parse(out) as { cacheHits: number; r2: number[][] };
    };
    const a = await run();
    const b = await run();
    expect(b.cacheHits).toBe(3);
    expect(b.r2).toEqual(a.r2);
  });
});

describe.skipIf(sharedDataMissing)('windowed recordings', () => {
  it('give exactly the epochs and features of whole loaded recordings', async () => {
    const { openWindowedRecordings } = await import('../../../src-main/services/jobs/windowed-recordings.ts');
    const { extractFeatures } = await import('../../../src-main/core/features/pipeline.ts');
    const files = [4, 8].map((r) => physionetRun(1, r));
    const parameters = defaultFeatureParameters('welch', ['T1', 'T2']);
    const whole = extractFeatures(await Promise.all(files.map((f) => loadRecording(f))), parameters);
    const opened = (await openWindowedRecordings(files))!;
    try {
      const windowed = extractFeatures(opened.sources, parameters);
      expect(windowed.epochs.trials.map((t) => [t.index, t.firstSample])).toEqual(whole.epochs.trials.map((t) => [t.index, t.firstSample]));
      expect(Array.from(windowed.epochs.trials[7].data)).toEqual(Array.from(whole.epochs.trials[7].data));
      expect(Array.from(windowed.stats.r2)).toEqual(Array.from(whole.stats.r2));
      expect(() => extractFeatures(opened.sources, { ...parameters, filter: { bandpassHz: [8, 30] } })).toThrow(/filtering needs the whole recording/);
    } finally {
      opened.close();
    }
  });
});
