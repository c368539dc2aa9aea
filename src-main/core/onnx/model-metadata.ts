// The description a NeuroFeat model file carries in its ONNX metadata_props: one definition for writing and reading it, versioned.
import { badInput } from '../errors.ts';
import { UNSEALED_SHA256 } from './model-seal.ts';
import { prefilterBands, type PrefilterDeclaration } from '../ml/standard-preprocessing.ts';

/**
 * Version 1: the keys below without `metadataVersion` and `sha256` (models written before them read as version 1).
 * Version 2: `metadataVersion`, and `sha256`, the file's own checksum (model-seal.ts).
 * Version 3: a filter-bank `prefilter` (fbcsp): the input holds one band-passed copy of the channels per band.
 * A model is written with the lowest version that describes it (so a NeuroFeat that reads version 2 still reads
 * every model it can run); a newer version than this one is refused.
 */
export const MODEL_METADATA_VERSION = 3;

/** The version a model with this prefilter is written with. */
export function metadataVersionFor(prefilter: PrefilterDeclaration | null): number {
  return prefilter?.kind === 'butterworth-filter-bank' ? 3 : 2;
}

/** Rows of the model's input: its channels, once per band of a filter-bank prefilter. */
export function modelInputRows(m: Pick<ModelMetadata, 'channels' | 'prefilter'>): number {
  return m.channels.length * (m.prefilter ? prefilterBands(m.prefilter).length : 1);
}

export interface ModelMetadata {
  metadataVersion: number;
  /** Channel labels in the order of the input's rows. */
  channels: string[];
  sampleRateHz: number;
  nSamples: number;
  /** Epoch window relative to the cue, s. */
  window: { offsetSec: number; lengthSec: number };
  /** Class names in the order of the output probabilities. */
  classes: string[];
  reference: string;
  family: string;
  classifier: string;
  /** The selected features as the CLI prints them. */
  features: unknown[];
  /** Training report: cross-validation figures, folds, settings (null when not given). */
  report: unknown;
  softwareVersion: string;
  /** The band-pass applied to the continuous recording before the window (standard families); null when none. */
  prefilter: PrefilterDeclaration | null;
  /** Version 2: the SHA-256 of the file with this value as 64 zeros (null for version 1 models). */
  sha256: string | null;
}

const input = 'window: float32 [channels][samples], µV, channels in the order of "channels"';
const output = 'probabilities: float32 [1][2], in the order of "classes"';

/** metadata_props to encode; `sha256` is written as 64 zeros, to be sealed once the file is encoded (`sealModel`). */
export function encodeModelMetadata(m: Omit<ModelMetadata, 'metadataVersion' | 'sha256'>): Record<string, string> {
  const metadata: Record<string, string> = {
    metadataVersion: String(metadataVersionFor(m.prefilter)),
    channels: JSON.stringify(m.channels),
    sampleRateHz: String(m.sampleRateHz),
    nSamples: String(m.nSamples),
    window: JSON.stringify(m.window),
    classes: JSON.stringify(m.classes),
    reference: m.reference,
    family: m.family,
    classifier: m.classifier,
    features: JSON.stringify(m.features),
    report: JSON.stringify(m.report),
    softwareVersion: m.softwareVersion,
    sha256: UNSEALED_SHA256,
    input,
    output,
  };
  if (m.prefilter) {
    metadata.prefilter = JSON.stringify(m.prefilter);
    metadata.input += m.prefilter.bankHz
      ? `, one band-passed copy of the channels per band of ${m.prefilter.bankHz.map((b) => `${b[0]}-${b[1]}`).join(', ')} Hz, band-major ([bands·channels][samples]; Butterworth order ${m.prefilter.order}, causal online; see "prefilter")`
      : `, band-passed ${m.prefilter.bandHz[0]}-${m.prefilter.bandHz[1]} Hz first (Butterworth order ${m.prefilter.order}, causal online; see "prefilter")`;
  }
  return metadata;
}

/** Reads metadata_props back; `file` names the model in errors (a missing key means it is not a NeuroFeat model). */
export function decodeModelMetadata(meta: Record<string, string>, file: string): ModelMetadata {
  const need = (key: string): string => {
    const v = meta[key];
    if (v === undefined) throw badInput(`${file}: not a NeuroFeat model (metadata '${key}' is missing)`);
    return v;
  };
  const metadataVersion = meta.metadataVersion === undefined ? 1 : Number(meta.metadataVersion);
  if (!Number.isInteger(metadataVersion) || metadataVersion < 1 || metadataVersion > MODEL_METADATA_VERSION) {
    throw badInput(`${file}: model metadata version ${meta.metadataVersion} is not one this NeuroFeat reads (1 to ${MODEL_METADATA_VERSION}); update NeuroFeat`);
  }
  return {
    metadataVersion,
    channels: JSON.parse(need('channels')) as string[],
    sampleRateHz: Number(need('sampleRateHz')),
    nSamples: Number(need('nSamples')),
    window: JSON.parse(need('window')) as { offsetSec: number; lengthSec: number },
    classes: JSON.parse(need('classes')) as string[],
    reference: need('reference'),
    family: need('family'),
    classifier: need('classifier'),
    features: JSON.parse(need('features')) as unknown[],
    report: JSON.parse(meta.report ?? 'null'),
    softwareVersion: need('softwareVersion'),
    prefilter: meta.prefilter !== undefined ? (JSON.parse(meta.prefilter) as PrefilterDeclaration) : null,
    sha256: metadataVersion >= 2 ? need('sha256') : null,
  };
}
