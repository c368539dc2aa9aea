// The displays the patient's window can open on as the API lists them, the default one, and the one a request means.
import type { PatientDisplayList } from '../contract/api.ts';
import { ApiFailure, detail } from '../contract/errors.ts';

/** What the choice needs of Electron's `Display`. */
export interface DisplayLike {
  id: number;
  label: string;
  bounds: { width: number; height: number };
}

/** The first display that is not the clinician's (the primary), else the primary. */
export function defaultPatientDisplay(displays: readonly DisplayLike[], primaryId: number): number {
  const other = displays.findIndex((d) => d.id !== primaryId);
  return other >= 0 ? other : Math.max(0, displays.findIndex((d) => d.id === primaryId));
}

export function listPatientDisplays(displays: readonly DisplayLike[], primaryId: number): PatientDisplayList {
  return {
    opener: 'electron',
    displays: displays.map((d, index) => ({
      index, label: d.label || `${d.bounds.width}x${d.bounds.height}`, primary: d.id === primaryId, width: d.bounds.width, height: d.bounds.height,
    })),
    defaultDisplay: displays.length > 0 ? defaultPatientDisplay(displays, primaryId) : null,
  };
}

/** The display a request names (the default when none); one that is not connected (unplugged since it was listed) is refused. */
export function chosenPatientDisplay(displays: readonly DisplayLike[], primaryId: number, index: number | undefined): number {
  if (index === undefined) return defaultPatientDisplay(displays, primaryId);
  if (index < displays.length) return index;
  throw new ApiFailure(
    'bad-input',
    `Display ${index + 1} is not connected: this computer has ${displays.length} display${displays.length === 1 ? '' : 's'}.`,
    "Choose one of the displays listed, or connect the patient's display and list them again.",
    detail('display-missing', { display: index, count: displays.length }),
  );
}
