// Encodes a trained pipeline as the one-file ONNX model artifact, with its description in metadata_props.
import type { ExportedPipeline } from './pipeline-graph.ts';
import { buildPipelineModel } from './pipeline-graph.ts';
import { encodeModel } from './model.ts';
import { encodeModelMetadata, type ModelMetadata } from './model-metadata.ts';
import { sealModel } from './model-seal.ts';
import { sha256Hex } from '../sha256.ts';
import { cleanChannelLabel } from '../montage.ts';
import type { PrefilterDeclaration } from '../ml/standard-preprocessing.ts';

/** What the trainer says about a model; the pipeline adds its channels, rate, window length and reference. */
export type ModelDescription = Omit<ModelMetadata, 'metadataVersion' | 'sha256' | 'channels' | 'sampleRateHz' | 'nSamples' | 'reference' | 'prefilter'> & {
  /** A band-pass training applied to the continuous recordings, which the online runtime applies causally before the window. */
  prefilter?: PrefilterDeclaration;
};

/** The model file, sealed: its `sha256` metadata is the file's own checksum (model-seal.ts). */
export function encodePipelineModel(pipeline: ExportedPipeline, description: ModelDescription): Uint8Array {
  const metadata = encodeModelMetadata({
    ...description,
    // Clean 10-10 spellings (`C3..` → `C3`); readers match channels by normalised name, which both spellings share.
    channels: pipeline.channels.map(cleanChannelLabel),
    sampleRateHz: pipeline.sampleRateHz,
    nSamples: pipeline.nSamples,
    reference: pipeline.reference,
    prefilter: description.prefilter ?? null,
  });
  return sealModel(encodeModel(buildPipelineModel(pipeline, { producerVersion: description.softwareVersion, metadata })), sha256Hex).bytes;
}
