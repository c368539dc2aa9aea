// Encodes a trained pipeline as the one-file ONNX model artifact, with its description in metadata_props.
import type { ExportedPipeline } from './pipeline-graph.ts';
import { buildPipelineModel } from './pipeline-graph.ts';
import { encodeModel } from './model.ts';
import { encodeModelMetadata, type ModelMetadata } from './model-metadata.ts';
import { sealModel } from './model-seal.ts';
import { sha256Hex } from '../sha256.ts';

/** What the trainer says about a model; the pipeline adds its channels, rate, window length and reference. */
export type ModelDescription = Omit<ModelMetadata, 'metadataVersion' | 'sha256' | 'channels' | 'sampleRateHz' | 'nSamples' | 'reference'>;

/** The model file, sealed: its `sha256` metadata is the file's own checksum (model-seal.ts). */
export function encodePipelineModel(pipeline: ExportedPipeline, description: ModelDescription): Uint8Array {
  const metadata = encodeModelMetadata({
    ...description,
    channels: pipeline.channels,
    sampleRateHz: pipeline.sampleRateHz,
    nSamples: pipeline.nSamples,
    reference: pipeline.reference,
  });
  return sealModel(encodeModel(buildPipelineModel(pipeline, { producerVersion: description.softwareVersion, metadata })), sha256Hex).bytes;
}
