// Encodes a trained pipeline as the one-file ONNX model artifact, with its description in metadata_props.
import type { ExportedPipeline } from './pipeline-graph.ts';
import { buildPipelineModel } from './pipeline-graph.ts';
import { encodeModel } from './model.ts';
import { encodeModelMetadata, type ModelMetadata } from './model-metadata.ts';

/** What the trainer says about a model; the pipeline adds its channels, rate, window length and reference. */
export type ModelDescription = Omit<ModelMetadata, 'metadataVersion' | 'channels' | 'sampleRateHz' | 'nSamples' | 'reference'>;

export function encodePipelineModel(pipeline: ExportedPipeline, description: ModelDescription): Uint8Array {
  const metadata = encodeModelMetadata({
    ...description,
    channels: pipeline.channels,
    sampleRateHz: pipeline.sampleRateHz,
    nSamples: pipeline.nSamples,
    reference: pipeline.reference,
  });
  return encodeModel(buildPipelineModel(pipeline, { producerVersion: description.softwareVersion, metadata }));
}
