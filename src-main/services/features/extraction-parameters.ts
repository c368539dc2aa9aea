// What a `features.start` payload asks the core to compute: one parameter set, or two for the family "both".
import type { FeatureJobInput } from '../../contract/api.ts';
import type { FeatureParameters } from '../../core/features/pipeline.ts';

/**
 * The feature parameters of a checked payload: the primary method first, then (family "both") the connectivity
 * method on the same epochs. Filters and the rejection threshold belong to the epochs, so both sets share them.
 */
export function extractionParameters(input: FeatureJobInput): { primary: FeatureParameters; connectivity: FeatureParameters | null } {
  const filter = input.bandpass !== undefined || input.notchHz !== undefined
    ? { bandpassHz: input.bandpass ? [input.bandpass.lowHz, input.bandpass.highHz] as [number, number] : undefined, notchHz: input.notchHz }
    : undefined;
  const shared = {
    classes: input.classes,
    window: input.window,
    reference: { kind: input.reference },
    band: input.band,
    channels: input.channels,
    ...(filter ? { filter } : {}),
    ...(input.rejectUv !== undefined ? { amplitudeThreshold: input.rejectUv } : {}),
  };
  return {
    primary: { ...shared, method: input.method, log: input.log },
    connectivity: input.connectivity ? { ...shared, method: input.connectivity, log: input.log } : null,
  };
}

/** Whether the recordings must be loaded whole (filtering needs them; otherwise only the epochs are decoded). */
export const needsWholeRecordings = (input: FeatureJobInput): boolean => input.bandpass !== undefined || input.notchHz !== undefined;
