// The session's ONNX model as the online runtime's classifier, on the provider `auto` picks (CUDA, else the CPU).
import { loadModel, predictWindow, type LoadedModel, type ProviderChoice } from '../inference/onnx-session.ts';
import type { OnlineClassifier } from './protocol-run.ts';

export interface LoadedClassifier {
  classifier: OnlineClassifier;
  provider: LoadedModel['provider'];
  /** Why the provider differs from the one asked for, if it does. */
  providerNote: string | null;
  release(): Promise<void>;
}

export function onnxClassifier(model: LoadedModel): OnlineClassifier {
  return {
    channels: model.info.channels,
    nSamples: model.info.nSamples,
    sampleRateHz: model.info.sampleRateHz,
    prefilter: model.info.prefilter,
    classify: (window) => predictWindow(model, window),
  };
}

/** Opens a model file (its seal checked) for an online run. */
export async function loadClassifier(file: string, provider: ProviderChoice = 'auto'): Promise<LoadedClassifier> {
  const model = await loadModel(file, provider);
  return { classifier: onnxClassifier(model), provider: model.provider, providerNote: model.note ?? null, release: () => model.session.release() };
}
