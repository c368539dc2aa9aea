// Encodes a trained pipeline as the one-file ONNX model artifact, with its description in metadata_props.
import type { ExportedPipeline } from './pipeline-graph.ts';
import { buildPipelineModel } from './pipeline-graph.ts';
import { encodeModel } from './model.ts';

export interface ModelDescription {
  window: { offsetSec: number; lengthSec: number };
  classes: string[];
  family: string;
  classifier: string;
  /** The selected features as the CLI prints them. */
  features: unknown[];
  /** Training report: cross-validation figures, folds, settings. */
  report: unknown;
  softwareVersion: string;
}

export function encodePipelineModel(pipeline: ExportedPipeline, description: ModelDescription): Uint8Array {
  const metadata: Record<string, string> = {
    channels: JSON.stringify(pipeline.channels),
    sampleRateHz: String(pipeline.sampleRateHz),
    nSamples: String(pipeline.nSamples),
    window: JSON.stringify(description.window),
    classes: JSON.stringify(description.classes),
    reference: pipeline.reference,
    family: description.family,
    classifier: description.classifier,
    features: JSON.stringify(description.features),
    report: JSON.stringify(description.report),
    softwareVersion: description.softwareVersion,
    input: 'window: float32 [channels][samples], µV, channels in the order of "channels"',
    output: 'probabilities: float32 [1][2], in the order of "classes"',
  };
  return encodeModel(buildPipelineModel(pipeline, { producerVersion: description.softwareVersion, metadata }));
}
