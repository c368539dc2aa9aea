// After `electron-vite build`: the bundled feature worker (out/main/feature-worker.js) starts under plain Node and gives the in-process values.
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'out', 'main', 'feature-worker.js');
if (!existsSync(built)) {
  console.error(`check-built-worker: ${built} is missing: electron.vite.config.ts must list the 'feature-worker' entry.`);
  process.exit(1);
}
// The sources are TypeScript (Node strips the types; 22.13-22.17 need --experimental-strip-types).
const job = await import('../src-main/services/jobs/feature-job.ts');
const { syntheticTrials } = await import('../src-main/core/features/synthetic-trials.ts');
const { computeTrialFeatures, defaultFeatureParameters } = await import('../src-main/core/features/pipeline.ts');

const epochs = syntheticTrials({ nChannels: 4, nTrialsPerClass: 4, nSamples: 320, sampleRateHz: 160, seed: 11 });
const parameters = defaultFeatureParameters('welch', ['A', 'B']);
job.useFeatureWorkerFile(built);
try {
  const fromWorkers = await job.computeFeaturesInWorkers(epochs, parameters, { threads: 2 });
  const inProcess = computeTrialFeatures(epochs, parameters);
  const same = fromWorkers.values.length === inProcess.values.length
    && fromWorkers.values.every((v, t) => v.length === inProcess.values[t].length && v.every((x, i) => x === inProcess.values[t][i]));
  if (!same) throw new Error('the bundled worker gave other values than the in-process computation');
  console.log(`check-built-worker: ${path.relative(root, built)} started on 2 threads and gave the in-process values (${fromWorkers.values.length} trials)`);
} catch (error) {
  console.error(`check-built-worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await job.closeFeatureWorkers();
}
