// Names of GDF event codes (biosig's event code table), used as event labels when a file gives only a code.

/** Codes of the table that motor-imagery files use, with short names. */
export const GDF_EVENT_NAMES: Readonly<Record<number, string>> = {
  0x0101: 'artifact: EOG',
  0x0102: 'artifact: ECG',
  0x0103: 'artifact: EMG',
  0x0104: 'artifact: movement',
  0x0105: 'artifact: failing electrode',
  0x0106: 'artifact: sweat',
  0x0107: 'artifact: line noise',
  0x0108: 'artifact: breathing',
  0x0109: 'artifact: pulse',
  0x0114: 'eyes open',
  0x0115: 'eyes closed',
  0x0300: 'trial start',
  0x0301: 'cue left',
  0x0302: 'cue right',
  0x0303: 'cue feet',
  0x0304: 'cue tongue',
  0x0306: 'cue down',
  0x030c: 'cue up',
  0x030d: 'feedback (continuous)',
  0x030e: 'feedback (discrete)',
  0x030f: 'cue unknown',
  0x0311: 'beep',
  0x0312: 'fixation cross',
  0x0313: 'flashing light',
  0x0381: 'target hit',
  0x0382: 'target missed',
  0x03ff: 'rejected trial',
  0x0430: 'eye movements',
  0x7ffe: 'new run',
  0x7fff: 'non-equidistant sample',
};

/**
 * The label of a GDF event code: user codes 1..255 take the file's own description when it has one
 * (tag 1 of the tagged header, `descriptions[code]`); 0x8000 marks the end of the event it is added to.
 */
export function gdfEventLabel(code: number, descriptions: readonly string[] = []): string {
  if (code & 0x8000) return `end of ${gdfEventLabel(code & 0x7fff, descriptions)}`;
  if (code >= 1 && code <= 255) {
    const text = descriptions[code];
    return text ? text : `user event ${code}`;
  }
  return GDF_EVENT_NAMES[code] ?? `GDF event 0x${code.toString(16).padStart(4, '0')}`;
}
