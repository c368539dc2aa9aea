// The JSON line a device trigger sends (and the acknowledgement a device may answer): one definition for sender and simulator.

/** One trigger, as one line of JSON ended by `\n`. */
export interface TriggerMessage {
  type: 'trigger';
  /** The class the classifier output was held towards (`left`, `right`, `left hand`, `rest`). */
  class: string;
  /** Its GDF cue code (769 class 1, 770 class 2). */
  code: number;
  /** The smoothed classifier output when the hold time was completed: p(class 2) - p(class 1), -1..1. */
  output: number;
  /** The amplifier's sample at which the hold time was completed (0 = the run's first sample). */
  sample: number;
  /** `sample` in seconds from the run's start (the amplifier's clock). */
  time: number;
  /** When the command was sent, wall clock, ms since 1970 (UTC). */
  sentAtMs: number;
  /** Counts the run's triggers from 1. */
  seq: number;
}

/** What a device (or `neurofeat simulate --device trigger-sink`) may answer per trigger line: optional. */
export interface TriggerAck {
  type: 'ack';
  seq: number;
}

export function encodeTriggerMessage(message: TriggerMessage): string {
  const { type, class: className, code, output, sample, time, sentAtMs, seq } = message;
  return `${JSON.stringify({ type, class: className, code, output: Number(output.toFixed(4)), sample, time: Number(time.toFixed(4)), sentAtMs: Math.round(sentAtMs), seq })}\n`;
}

/** A received line as a trigger message, or null when it is not one (other text, bad JSON, missing fields). */
export function decodeTriggerMessage(line: string): TriggerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  const numbers = ['code', 'output', 'sample', 'time', 'sentAtMs', 'seq'] as const;
  if (m.type !== 'trigger' || typeof m.class !== 'string' || numbers.some((k) => typeof m[k] !== 'number' || !Number.isFinite(m[k]))) return null;
  return m as unknown as TriggerMessage;
}

export function encodeTriggerAck(seq: number): string {
  return `${JSON.stringify({ type: 'ack', seq } satisfies TriggerAck)}\n`;
}

/** A received line as an acknowledgement, or null. */
export function decodeTriggerAck(line: string): TriggerAck | null {
  try {
    const m = JSON.parse(line) as Record<string, unknown> | null;
    return m !== null && typeof m === 'object' && m.type === 'ack' && typeof m.seq === 'number' ? { type: 'ack', seq: m.seq } : null;
  } catch {
    return null;
  }
}
