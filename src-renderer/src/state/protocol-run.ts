// The clinician's run settings and rehabilitation-device trigger as forms (text fields checked one by one), restored from storage, and whether a run can start and why not.
import {
  protocolDefaults, protocolTriggerDefaults, protocolTriggerRanges, type AcquisitionStatus, type ProtocolRunKind, type ProtocolSettingsInput, type ProtocolStatus, type ProtocolTriggerInput,
} from '../../../src-main/contract/index.ts';

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

/** A field's text as a number in its range (decimal comma accepted), or null. */
function numberIn(text: string, field: { min: number; max: number; integer: boolean }): number | null {
  const trimmed = text.trim().replace(',', '.');
  const value = Number(trimmed);
  return trimmed === '' || !Number.isFinite(value) || value < field.min || value > field.max || (field.integer && !Number.isInteger(value)) ? null : value;
}

/** The settings to send, or the first field that is not a number in its range (rules across fields are main's). */
export function protocolSettingsOf(form: ProtocolForm): { ok: true; settings: ProtocolSettingsInput } | { ok: false; field: NumericField; min: number; max: number } {
  const values: Partial<Record<NumericField, number>> = {};
  for (const field of numericFields) {
    const value = numberIn(form[field.key], field);
    if (value === null) return { ok: false, field: field.key, min: field.min, max: field.max };
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

/** Which class's output fires the device: the cued one, either, class 1 or class 2 (the contract's `target`). */
export type TriggerTargetChoice = NonNullable<ProtocolTriggerInput['target']>;
export const triggerTargets: readonly TriggerTargetChoice[] = ['cued', 'either', '1', '2'];

/** The rehabilitation device of online runs as the panel edits it; an empty `output` means no device. */
export interface TriggerForm {
  output: string;
  target: TriggerTargetChoice;
  threshold: string;
  holdSec: string;
  refractorySec: string;
  command: string;
}

/** The trigger's numeric fields with the contract's ranges, in the order the form shows them. */
export const triggerNumericFields = [
  { key: 'threshold', ...protocolTriggerRanges.threshold, integer: false },
  { key: 'holdSec', ...protocolTriggerRanges.holdSec, integer: false },
  { key: 'refractorySec', ...protocolTriggerRanges.refractorySec, integer: false },
] as const satisfies readonly { key: keyof TriggerForm; min: number; max: number; integer: boolean }[];
export type TriggerNumericField = (typeof triggerNumericFields)[number]['key'];

export function defaultTriggerForm(): TriggerForm {
  const d = protocolTriggerDefaults;
  return { output: '', target: d.target, threshold: String(d.threshold), holdSec: String(d.holdSec), refractorySec: String(d.refractorySec), command: d.command };
}

/** What a trigger field's problem is: a number out of its range, an address or a command that is not of a known form. */
export type TriggerFieldError = { field: TriggerNumericField; min: number; max: number } | { field: 'output' | 'command' };

/**
 * The trigger to send with an online run (undefined when no device is named), or the first field at fault. The
 * address and command are checked for their form here (`serial:` or `tcp:`; `json`, `text:` or `hex:`); main reads
 * them in full before the run starts and names anything else wrong in them.
 */
export function triggerOf(form: TriggerForm): { ok: true; trigger: ProtocolTriggerInput | undefined } | ({ ok: false } & TriggerFieldError) {
  const output = form.output.trim();
  if (output === '') return { ok: true, trigger: undefined };
  if (!/^(serial:.+|tcp:.+:.+)$/.test(output)) return { ok: false, field: 'output' };
  const values: Partial<Record<TriggerNumericField, number>> = {};
  for (const field of triggerNumericFields) {
    const value = numberIn(form[field.key], field);
    if (value === null) return { ok: false, field: field.key, min: field.min, max: field.max };
    values[field.key] = value;
  }
  const command = form.command.trim() === '' ? protocolTriggerDefaults.command : form.command;
  if (!/^(json|text:.+|hex:.+)$/s.test(command)) return { ok: false, field: 'command' };
  const v = values as Record<TriggerNumericField, number>;
  return { ok: true, trigger: { output, target: form.target, threshold: v.threshold, holdSec: v.holdSec, refractorySec: v.refractorySec, command } };
}

/** The panel's forms as remembered on this workstation (localStorage): the last settings a run was started with. */
export interface SavedRunForms {
  protocol: ProtocolForm;
  trigger: TriggerForm;
}

/** Forms from what storage held: each field of the right kind is taken, anything else (old, damaged) falls back to its default. */
export function restoreRunForms(saved: unknown): SavedRunForms {
  const protocol = defaultProtocolForm();
  const trigger = defaultTriggerForm();
  const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
  const p = record(record(saved).protocol);
  const g = record(record(saved).trigger);
  if (p.mode === 'left-right' || p.mode === 'mi-rest') protocol.mode = p.mode;
  if (p.hand === 'left' || p.hand === 'right') protocol.hand = p.hand;
  for (const field of numericFields) if (typeof p[field.key] === 'string') protocol[field.key] = p[field.key] as string;
  if (triggerTargets.includes(g.target as TriggerTargetChoice)) trigger.target = g.target as TriggerTargetChoice;
  for (const key of ['output', 'threshold', 'holdSec', 'refractorySec', 'command'] as const) if (typeof g[key] === 'string') trigger[key] = g[key] as string;
  return { protocol, trigger };
}
