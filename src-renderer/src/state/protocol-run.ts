// The clinician's run settings as a form (text fields checked one by one), and whether a run can start and why not.
import { protocolDefaults, type AcquisitionStatus, type ProtocolRunKind, type ProtocolSettingsInput, type ProtocolStatus } from '../../../src-main/contract/index.ts';

export interface ProtocolForm {
  mode: 'left-right' | 'mi-rest';
  hand: 'left' | 'right';
  trialsPerClass: string;
  baselineSec: string;
  cueSec: string;
  imagerySec: string;
  pauseMinSec: string;
  pauseMaxSec: string;
  seed: string;
}

/** The numeric fields with their ranges (the contract's), in the order the form shows them. */
export const numericFields = [
  { key: 'trialsPerClass', min: 1, max: 500, integer: true },
  { key: 'baselineSec', min: 0, max: 600, integer: false },
  { key: 'cueSec', min: 0.01, max: 600, integer: false },
  { key: 'imagerySec', min: 0.01, max: 600, integer: false },
  { key: 'pauseMinSec', min: 0, max: 600, integer: false },
  { key: 'pauseMaxSec', min: 0, max: 600, integer: false },
  { key: 'seed', min: 0, max: 2 ** 31 - 1, integer: true },
] as const satisfies readonly { key: keyof ProtocolForm; min: number; max: number; integer: boolean }[];
export type NumericField = (typeof numericFields)[number]['key'];

export function defaultProtocolForm(): ProtocolForm {
  const d = protocolDefaults;
  return {
    mode: d.mode, hand: d.hand, trialsPerClass: String(d.trialsPerClass), baselineSec: String(d.baselineSec), cueSec: String(d.cueSec),
    imagerySec: String(d.imagerySec), pauseMinSec: String(d.interTrialSec.min), pauseMaxSec: String(d.interTrialSec.max), seed: String(d.seed),
  };
}

/** The settings to send, or the first field that is not a number in its range (rules across fields are main's). */
export function protocolSettingsOf(form: ProtocolForm): { ok: true; settings: ProtocolSettingsInput } | { ok: false; field: NumericField; min: number; max: number } {
  const values: Partial<Record<NumericField, number>> = {};
  for (const field of numericFields) {
    const text = form[field.key].trim().replace(',', '.');
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < field.min || value > field.max || (field.integer && !Number.isInteger(value))) return { ok: false, field: field.key, min: field.min, max: field.max };
    values[field.key] = value;
  }
  const v = values as Record<NumericField, number>;
  return {
    ok: true,
    settings: {
      mode: form.mode, hand: form.hand, trialsPerClass: v.trialsPerClass, baselineSec: v.baselineSec, cueSec: v.cueSec, imagerySec: v.imagerySec,
      interTrialSec: { min: v.pauseMinSec, max: v.pauseMaxSec }, seed: v.seed,
    },
  };
}

export type StartBlock = 'acquisition' | 'model' | 'running' | null;

/** Why a run of `kind` cannot start now for this session (null: it can). */
export function startBlock(kind: ProtocolRunKind, sessionId: number, acquisition: AcquisitionStatus | null, protocol: ProtocolStatus | null, hasModel: boolean): StartBlock {
  if (protocol && protocol.state !== 'idle') return 'running';
  if (!acquisition || acquisition.state !== 'running' || acquisition.sessionId !== sessionId) return 'acquisition';
  if (kind === 'online' && !hasModel) return 'model';
  return null;
}

/** Whether the status is this session's run under way (the controls act on it). */
export const runOfSession = (status: ProtocolStatus | null, sessionId: number): boolean => status !== null && status.state !== 'idle' && status.sessionId === sessionId;
