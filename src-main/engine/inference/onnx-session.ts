// Runs NeuroFeat ONNX models with onnxruntime-node: provider choice (auto, cpu, cuda, webgpu), the provider actually used, and window checks.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { badInput, CoreError } from '../../core/errors.ts';
import { readModelMetadata } from '../../core/onnx/model.ts';
import { modelSealMatches } from '../../core/onnx/model-seal.ts';
import { createHash } from 'node:crypto';
import { decodeModelMetadata, modelInputRows, type ModelMetadata } from '../../core/onnx/model-metadata.ts';

export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu';
export const providerChoices: readonly ProviderChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

/** The model's description stored in its metadata_props (core/onnx/model-metadata.ts, docs/training.md). */
export type ModelInfo = ModelMetadata;

export interface LoadedModel {
  session: ort.InferenceSession;
  /** The execution provider that runs the model. */
  provider: 'cpu' | 'cuda' | 'webgpu';
  /** Why the provider differs from the one asked for (auto fallback), if it does. */
  note?: string;
  info: ModelInfo;
}

async function create(bytes: Uint8Array, provider: 'cpu' | 'cuda' | 'webgpu', quiet = false): Promise<ort.InferenceSession> {
  // A probe of an optional provider logs only fatal errors: its failure is reported by us, in one line.
  return ort.InferenceSession.create(bytes, { executionProviders: [provider], graphOptimizationLevel: 'all', intraOpNumThreads: 1, logSeverityLevel: quiet ? 4 : 2 });
}

/**
 * Opens a model. `auto` uses CUDA when its provider library is installed and works, otherwise the CPU (and says
 * why); `cuda` or `webgpu` fail with a clear error when unavailable.
 */
export async function loadModel(file: string, choice: ProviderChoice = 'auto'): Promise<LoadedModel> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw badInput(`${file}: cannot read the model (${(error as Error).message})`);
  }
  let info: ModelInfo;
  try {
    info = decodeModelMetadata(readModelMetadata(bytes), file);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw badInput(`${file}: not an ONNX model NeuroFeat can read (${(error as Error).message})`);
  }
  // Version 2 models carry their own checksum: an altered model is refused, never run.
  if (info.sha256 !== null && !modelSealMatches(bytes, info.sha256, (b) => createHash('sha256').update(b).digest('hex'))) {
    throw badInput(`${file}: the model was altered after it was written (its SHA-256 no longer matches the one in its metadata); train it again`);
  }
  if (choice === 'cpu') return { session: await create(bytes, 'cpu'), provider: 'cpu', info };
  if (choice === 'cuda' && !cudaLibraryPresent()) {
    throw badInput('--provider cuda: the CUDA provider of onnxruntime-node is not installed here (its optional CUDA binaries are missing; npm run gpu:install adds them); use --provider cpu or auto');
  }
  if (choice === 'cuda' || choice === 'webgpu') {
    try {
      return { session: await create(bytes, choice), provider: choice, info };
    } catch (error) {
      throw new CoreError('failed', `--provider ${choice}: the ${choice.toUpperCase()} execution provider is not available here (${firstLine(error)}); use --provider cpu or auto`);
    }
  }
  if (cudaLibraryPresent()) {
    try {
      return { session: await create(bytes, 'cuda', true), provider: 'cuda', info };
    } catch (error) {
      return { session: await create(bytes, 'cpu'), provider: 'cpu', info, note: `CUDA provider unavailable (${firstLine(error)}); fell back to the CPU` };
    }
  }
  return { session: await create(bytes, 'cpu'), provider: 'cpu', info, note: 'the CUDA provider of onnxruntime-node is not installed (its optional CUDA binaries: npm run gpu:install); using the CPU' };
}

/** Whether onnxruntime-node's optional CUDA provider library is installed beside its binding (probing without it only logs noise). */
export function cudaLibraryPresent(): boolean {
  try {
    const dist = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
    const dir = path.join(dist, '..', 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(path.join(dir, process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].slice(0, 200);
}

/**
 * Class probabilities of one window, `[row][sample]` row-major float32, µV: the model's channels in order, band-passed
 * when it declares a prefilter, once per band (band-major) for a filter bank (`modelInputRows`).
 */
export async function predictWindow(model: LoadedModel, window: Float32Array): Promise<Float32Array> {
  const { channels, nSamples } = model.info;
  const rows = modelInputRows(model.info);
  if (window.length !== rows * nSamples) {
    const bands = rows / channels.length;
    throw badInput(`window: expected ${channels.length} channels${bands > 1 ? ` x ${bands} bands` : ''} x ${nSamples} samples (${rows * nSamples} values), got ${window.length}`);
  }
  const input = new ort.Tensor('float32', window, [rows, nSamples]);
  const out = await model.session.run({ window: input });
  return out.probabilities.data as Float32Array;
}
