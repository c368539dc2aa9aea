// The patient's displays as Electron's screen gives them: listed with the clinician's marked, the default one, and a display not connected refused by reason.
import { describe, expect, it } from 'vitest';
import type { ApiFailure } from '../../src-main/contract/errors.ts';
import { chosenPatientDisplay, defaultPatientDisplay, listPatientDisplays } from '../../src-main/electron/patient-displays.ts';

const laptop = { id: 10, label: 'Built-in Retina Display', bounds: { width: 1440, height: 900 } };
const monitor = { id: 20, label: '', bounds: { width: 1920, height: 1080 } };
const projector = { id: 30, label: 'EPSON', bounds: { width: 1280, height: 800 } };

describe('patient displays', () => {
  it('lists every display in the system\u2019s order, named (else by size), the primary being the clinician\u2019s', () => {
    expect(listPatientDisplays([laptop, monitor], 10)).toEqual({
      opener: 'electron',
      displays: [
        { index: 0, label: 'Built-in Retina Display', primary: true, width: 1440, height: 900 },
        { index: 1, label: '1920x1080', primary: false, width: 1920, height: 1080 },
      ],
      defaultDisplay: 1,
    });
    expect(listPatientDisplays([], 10)).toEqual({ opener: 'electron', displays: [], defaultDisplay: null });
  });

  it('defaults to the first display that is not the primary, else the primary', () => {
    expect(defaultPatientDisplay([laptop, monitor, projector], 10)).toBe(1);
    expect(defaultPatientDisplay([monitor, laptop], 10)).toBe(0);
    expect(defaultPatientDisplay([laptop], 10)).toBe(0);
    expect(chosenPatientDisplay([laptop, monitor, projector], 10, undefined)).toBe(1);
  });

  it('takes a connected display as asked, and refuses one unplugged since it was listed', () => {
    expect(chosenPatientDisplay([laptop, monitor, projector], 10, 2)).toBe(2);
    expect(chosenPatientDisplay([laptop, monitor], 10, 0)).toBe(0);
    let failure: ApiFailure | null = null;
    try {
      chosenPatientDisplay([laptop, monitor], 10, 2);
    } catch (error) {
      failure = error as ApiFailure;
    }
    expect(failure?.error).toMatchObject({ code: 'bad-input', message: 'Display 3 is not connected: this computer has 2 displays.', detail: { reason: 'display-missing', params: { display: 2, count: 2 } } });
  });
});
