// From classifier outputs to device commands: decides triggers (threshold, hold, refractory), sends them, records them in the run.
import { DeviceTrigger, type TriggerEvent, type TriggerRule } from '../../core/online/device-trigger.ts';
import { encodeTriggerMessage } from '../../core/online/trigger-message.ts';
import { encodeTriggerCommand, type TriggerCommand } from '../../core/online/trigger-output-spec.ts';
import { wallClockMs } from '../devices/device.ts';
import type { TriggerOutput } from './trigger-output.ts';

/** GDF 0x030E, "feedback (discrete)" (OpenViBE's OVTK_GDF_Feedback_Discrete): the marker of every trigger decided. */
export const TRIGGER_MARKER_CODE = 782;

/** Annotation text written where the device link was lost (the reason is in the run's report and log). */
export const TRIGGER_LOST_ANNOTATION = 'NeuroFeat: trigger output lost';

/** A marker for the run's recording: at a device sample, with its text (`782`, or the loss annotation). */
export interface TriggerRecordedMarker {
  sample: number;
  label: string;
}

/** A trigger decided during the run, and whether its command went out. */
export interface FiredTrigger extends TriggerEvent {
  seq: number;
  /** The class's name (`left`, `right`, `left hand`, `rest`). */
  className: string;
  /** Whether the command was handed to a working link (false after a loss, or without an output). */
  sent: boolean;
}

export interface TriggerRelayOptions {
  rule: TriggerRule;
  sampleRateHz: number;
  /** The run's two classes, as the schedule names them: class 1 then class 2. */
  classes: readonly [{ name: string; code: number }, { name: string; code: number }];
  /** The device link; null decides and records triggers without sending them. */
  output: TriggerOutput | null;
  /** What a trigger sends (default: the JSON line). */
  command?: TriggerCommand;
  /** Writes a marker into the run (the recorder's annotation, a test's array). */
  record(marker: TriggerRecordedMarker): void;
  /** Says what happened to the link, in words (stderr, the clinician's log). */
  log?(message: string): void;
}

/**
 * Fed with every classifier output of a run (`push`), fires the device command when the rule says so and records a
 * `782` marker at the sample the hold time was completed. A lost link is logged once, annotated at the last output's
 * sample, and the run goes on: later triggers are still decided and recorded, marked as not sent.
 */
export class TriggerRelay {
  readonly fired: FiredTrigger[] = [];
  private readonly trigger: DeviceTrigger;
  private readonly options: TriggerRelayOptions;
  private lastSample = 0;
  private lost: { sample: number; reason: string } | null = null;

  constructor(options: TriggerRelayOptions) {
    this.options = options;
    this.trigger = new DeviceTrigger(options.rule, options.sampleRateHz);
    options.output?.onLost((reason) => this.outputLost(reason));
  }

  /** The loss of the link, if it happened: the sample it was noticed at and why. */
  get loss(): { sample: number; reason: string } | null {
    return this.lost;
  }

  /** One classifier output: its sample (one past the window's end), the smoothed output, and the cued class index (null outside the imagery periods). */
  push(sample: number, smoothedOutput: number, cuedClass: number | null): FiredTrigger | null {
    this.lastSample = sample;
    const event = this.trigger.push(sample, smoothedOutput, cuedClass === 0 || cuedClass === 1 ? cuedClass : null);
    if (!event) return null;
    const cls = this.options.classes[event.classIndex];
    const output = this.options.output;
    const seq = this.fired.length + 1;
    const sent = output !== null && output.lostReason === null;
    const fired: FiredTrigger = { ...event, seq, className: cls.name, sent };
    this.fired.push(fired);
    this.options.record({ sample: event.sample, label: String(TRIGGER_MARKER_CODE) });
    if (sent) output.send(this.commandBytes(fired, cls.code));
    return fired;
  }

  private commandBytes(fired: FiredTrigger, code: number): Uint8Array {
    const command = this.options.command ?? { kind: 'json' };
    if (command.kind === 'json') {
      const line = encodeTriggerMessage({ type: 'trigger', class: fired.className, code, output: fired.output, sample: fired.sample, time: fired.sample / this.options.sampleRateHz, sentAtMs: wallClockMs(), seq: fired.seq });
      return new TextEncoder().encode(line);
    }
    return encodeTriggerCommand(command, { className: fired.className, code, index: fired.classIndex === 0 ? 1 : 2, output: fired.output, sample: fired.sample });
  }

  /**
   * The link is gone (or could not be opened: then call this before the run starts): logged and annotated once, at
   * the last output's sample (0 before the run).
   */
  outputLost(reason: string): void {
    if (this.lost) return;
    this.lost = { sample: this.lastSample, reason };
    this.options.record({ sample: this.lastSample, label: TRIGGER_LOST_ANNOTATION });
    const output = this.options.output;
    this.options.log?.(`${output ? `trigger output ${output.description} lost: ` : ''}${reason}; the run goes on without it`);
  }
}
