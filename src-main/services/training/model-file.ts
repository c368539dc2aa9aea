// Writes a trained model file only once onnxruntime gives NeuroFeat's probabilities on its check windows (kept out of the training worker).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel, predictWindow } from '../../engine/inference/onnx-session.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import type { ModelCheck } from './training-service.ts';

const uncheckedRecovery = 'Train again; if it fails again, report it with the log: NeuroFeat never stores a model it could not check.';

/** A model that onnxruntime could not load or run, or whose probability on a check window differs (trial given). */
const unchecked = (problem: string, trial: number | null) => new ApiFailure('internal', `model check failed: ${problem}`, uncheckedRecovery, detail('model-unchecked', { trial }));

/**
 * Writes the model beside its target, runs the check windows in onnxruntime (CPU) and renames it into place only
 * when every probability agrees with NeuroFeat's to 1e-4: a failed check (`model-unchecked`) leaves no model behind.
 */
export async function writeCheckedModel(bytes: Uint8Array, checks: ModelCheck[], target: string): Promise<{ path: string; provider: string }> {
  const file = path.resolve(target);
  const temporary = `${file}.partial`;
  writeFileSync(temporary, bytes);
  try {
    const loaded = await loadModel(temporary, 'cpu').catch((error: unknown) => {
      throw unchecked(`onnxruntime could not load it: ${error instanceof Error ? error.message : String(error)}`, null);
    });
    try {
      for (const check of checks) {
        const p = await predictWindow(loaded, check.window).catch((error: unknown) => {
          throw unchecked(`onnxruntime could not run trial ${check.trial}: ${error instanceof Error ? error.message : String(error)}`, check.trial);
        });
        if (Math.abs(p[1] - check.probability) > 1e-4) {
          throw unchecked(`trial ${check.trial} gives ${p[1]} in onnxruntime and ${check.probability} in NeuroFeat`, check.trial);
        }
      }
    } finally {
      await loaded.session.release();
    }
    renameSync(temporary, file);
    return { path: file, provider: loaded.provider };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
