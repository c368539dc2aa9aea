// Writes a trained model file only once onnxruntime gives NeuroFeat's probabilities on its check windows (kept out of the training worker).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel, predictWindow } from '../../engine/inference/onnx-session.ts';
import type { ModelCheck } from './training-service.ts';

/**
 * Writes the model beside its target, runs the check windows in onnxruntime (CPU) and renames it into place only
 * when every probability agrees with NeuroFeat's to 1e-4: a failed check leaves no model behind.
 */
export async function writeCheckedModel(bytes: Uint8Array, checks: ModelCheck[], target: string): Promise<{ path: string; provider: string }> {
  const file = path.resolve(target);
  const temporary = `${file}.partial`;
  writeFileSync(temporary, bytes);
  try {
    const loaded = await loadModel(temporary, 'cpu');
    try {
      for (const check of checks) {
        const p = await predictWindow(loaded, check.window);
        if (Math.abs(p[1] - check.probability) > 1e-4) {
          throw new Error(`model check failed: trial ${check.trial} gives ${p[1]} in onnxruntime and ${check.probability} in NeuroFeat`);
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
