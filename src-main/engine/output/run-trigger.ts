// An app online run's rehabilitation-device output: the link opened (a failure annotated, never fatal), the relay that decides, sends and records.
import type { ProtocolRunRecord, ProtocolTriggerInput } from '../../contract/api.ts';
import { defaultTriggerRule, type TriggerRule } from '../../core/online/device-trigger.ts';
import { formatTriggerOutputSpec, parseTriggerCommand, parseTriggerOutputSpec } from '../../core/online/trigger-output-spec.ts';
import type { GrazSchedule } from '../../core/protocol/graz-protocol.ts';
import { openTriggerOutput, type TriggerOutput } from './trigger-output.ts';
import { TriggerRelay, type TriggerRecordedMarker } from './trigger-relay.ts';

export interface RunTrigger {
  relay: TriggerRelay;
  /** What the run's record keeps: every trigger decided, and the link's loss. */
  summary(): NonNullable<ProtocolRunRecord['trigger']>;
  close(): Promise<void>;
}

/** The rule of the request, the defaults of core's `defaultTriggerRule` for what it leaves out. */
export function triggerRuleOf(input: ProtocolTriggerInput): TriggerRule {
  return {
    targetClass: input.target === '1' ? 0 : input.target === '2' ? 1 : input.target ?? 'cued',
    threshold: input.threshold ?? defaultTriggerRule.threshold,
    holdSec: input.holdSec ?? defaultTriggerRule.holdSec,
    refractorySec: input.refractorySec ?? defaultTriggerRule.refractorySec,
  };
}

/**
 * Opens the output the request names and the relay fed with the run's outputs. A link that cannot be opened (a
 * stimulator switched off, a port missing) does not refuse the run: the loss is recorded at its start, and the
 * triggers are still decided and marked, as not sent.
 */
export async function openRunTrigger(input: ProtocolTriggerInput, schedule: GrazSchedule, record: (marker: TriggerRecordedMarker) => void, log?: (message: string) => void): Promise<RunTrigger> {
  const spec = parseTriggerOutputSpec(input.output);
  let unavailable: string | null = null;
  const output: TriggerOutput | null = await openTriggerOutput(spec).catch((error: unknown) => {
    unavailable = error instanceof Error ? error.message : String(error);
    return null;
  });
  const relay = new TriggerRelay({
    rule: triggerRuleOf(input),
    sampleRateHz: schedule.sampleRateHz,
    classes: schedule.classes,
    output,
    command: input.command === undefined ? undefined : parseTriggerCommand(input.command),
    record,
    log,
  });
  if (unavailable !== null) relay.outputLost(unavailable);
  return {
    relay,
    summary: () => ({
      output: formatTriggerOutputSpec(spec),
      fired: relay.fired.map((f) => ({ sample: f.sample, className: f.className, sent: f.sent })),
      lost: relay.loss?.reason ?? null,
    }),
    close: async () => {
      await output?.close().catch(() => undefined);
    },
  };
}
