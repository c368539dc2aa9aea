// Encodes a trained pipeline as the one-file ONNX model artifact, with its description in metadata_props.
import type { ExportedPipeline } from './pipeline-graph.ts';
import { buildPipelineModel } from './pipeline-graph.ts';
import { encodeModel } from './model.ts';
import { cleanChannelLabel } from '../montage.ts';
import type { PrefilterDeclaration } from '../ml/standard-preprocessing.ts';

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
  /** A band-pass training applied to the continuous recordings, which the online runtime applies causally before the window. */
  prefilter?: PrefilterDeclaration;
}

export function encodePipelineModel(pipeline: ExportedPipeline, description: ModelDescription): Uint8Array {
  const metadata: Record<string, string> = {
    // Clean 10-10 spellings (`C3..` → `C3`); readers match channels by normalised name, which both spellings share.
    channels: JSON.stringify(pipeline.channels.map(cleanChannelLabel)),
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
  if (description.prefilter) {
    metadata.prefilter = JSON.stringify(description.prefilter);
    metadata.input += `, band-passed ${description.prefilter.bandHz[0]}-${description.prefilter.bandHz[1]} Hz first (Butterworth order ${description.prefilter.order}, causal online; see "prefilter")`;
  }
  return encodeModel(buildPipelineModel(pipeline, { producerVersion: description.softwareVersion, metadata }));
}
