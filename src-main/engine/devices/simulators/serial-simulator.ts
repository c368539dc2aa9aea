// The part every amplifier simulator shares: a pty end, pacing by elapsed time, scheduled faults, and a log of what was sent.
import { badInput } from '../../../core/errors.ts';
import type { Cue } from '../../../core/synthetic-eeg.ts';
import { wallClockMs } from '../device.ts';
import { SerialLink } from '../serial-link.ts';

/** Faults a simulator can be told to produce (`--fault NAME@SECONDS[:ARG]`). */
export const SIMULATOR_FAULTS = ['drop-bytes', 'bad-stop', 'counter-gap', 'board-off', 'board-on', 'unplug', 'reset', 'slow', 'garbage', 'pause'] as const;
export type SimulatorFaultName = (typeof SIMULATOR_FAULTS)[number];

export interface SimulatorFault {
  name: SimulatorFaultName;
  /** Seconds after the simulator started (or after streaming began, for stream faults). */
  atSec: number;
  /** Bytes to drop, packets to skip, seconds unplugged, reply delay in ms, garbage bytes, seconds paused. */
  arg?: number;
}

/** Parses `NAME@SECONDS[:ARG]` (`counter-gap@3:5`); the error names what is allowed. */
export function parseFault(text: string): SimulatorFault {
  const m = /^([a-z-]+)(?:@([\d.]+))?(?::([\d.]+))?$/.exec(text.trim());
  if (!m || !(SIMULATOR_FAULTS as readonly string[]).includes(m[1])) {
    throw badInput(`--fault '${text}': expected NAME[@SECONDS][:ARG] with NAME one of ${SIMULATOR_FAULTS.join(', ')}`, { field: 'fault' });
  }
  return { name: m[1] as SimulatorFaultName, atSec: m[2] === undefined ? 0 : Number(m[2]), ...(m[3] === undefined ? {} : { arg: Number(m[3]) }) };
}

/** One sample as sent (tests keep them): its stream index since streaming began, counts per channel (empty when a fault cut it). */
export interface SentSample {
  index: number;
  counts: Int32Array;
  /** Wall-clock ms when its packet was built, just before the tick's write. */
  atMs: number;
}

export interface SimulatorLog {
  (line: string): void;
}

/**
 * A Graz-like cue cycle counted in samples: 4 s rest, then 4 s of a hand cue, alternating left and right.
 * `next()` is called once per sample and returns the cue that starts at that sample, or null.
 */
export class CueCycle {
  private readonly sampleRateHz: number;
  private clock = 0;

  constructor(sampleRateHz: number) {
    this.sampleRateHz = sampleRateHz;
  }

  next(): Cue | null {
    const period = 8 * this.sampleRateHz;
    const phase = this.clock % period;
    const trial = Math.floor(this.clock / period);
    this.clock++;
    if (phase === 0) return 'none';
    if (phase === 4 * this.sampleRateHz) return trial % 2 === 0 ? 'left' : 'right';
    return null;
  }
}

/** Streams packets paced by the wall clock: each tick sends every packet due since streaming began. */
export abstract class SerialSimulator {
  protected link: SerialLink | null = null;
  protected readonly log: SimulatorLog;
  protected streaming = false;
  /** While unplugged the simulator neither sends nor hears anything. */
  protected unplugged = false;
  protected replyDelayMs = 0;
  /** Until this wall-clock ms nothing is sent; then everything due since goes at once (a stream held up, not lost). */
  private pausedUntilMs = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private streamStartMs = 0;
  private packetsDue = 0;
  private readonly faults: SimulatorFault[];
  private readonly startedMs = wallClockMs();
  private readonly pendingTimers = new Set<ReturnType<typeof setTimeout>>();

  protected abstract readonly packetRateHz: number;
  protected abstract readonly baudRate: number;
  /** Bytes of the next packet (or packets), with any pending stream fault applied. */
  protected abstract nextPacket(): Uint8Array;
  /** Handles bytes from the host. */
  protected abstract receive(bytes: Uint8Array): void;
  /** Applies a fault now. */
  protected abstract applyFault(fault: SimulatorFault): void;

  constructor(faults: SimulatorFault[], log: SimulatorLog) {
    this.faults = [...faults].sort((a, b) => a.atSec - b.atSec);
    this.log = log;
  }

  /** Opens the pty end and starts answering. */
  async listen(path: string): Promise<void> {
    this.link = await SerialLink.open(path, this.baudRate);
    this.link.onData((bytes) => {
      if (!this.unplugged) this.receive(bytes);
    });
    this.timer = setInterval(() => this.tick(), 4);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    await this.link?.close();
    this.link = null;
  }

  /** Applies a fault at once (tests and the CLI's schedule use this). */
  inject(fault: SimulatorFault): void {
    this.log(`fault: ${fault.name}${fault.arg === undefined ? '' : ` (${fault.arg})`}`);
    if (fault.name === 'unplug') {
      this.unplugged = true;
      this.later(() => {
        this.unplugged = false;
        this.streaming = false;
        this.powerCycle();
        this.log('plugged back in (powered up, not streaming)');
      }, (fault.arg ?? 2) * 1000);
      return;
    }
    if (fault.name === 'slow') {
      this.replyDelayMs = fault.arg ?? 1500;
      return;
    }
    if (fault.name === 'pause') {
      this.pausedUntilMs = wallClockMs() + (fault.arg ?? 0.8) * 1000;
      return;
    }
    this.applyFault(fault);
  }

  protected beginStream(): void {
    this.streaming = true;
    this.streamStartMs = wallClockMs();
    this.packetsDue = 0;
  }

  protected endStream(): void {
    this.streaming = false;
  }

  /** Back to the state after power-up (unplug, reset). */
  protected abstract powerCycle(): void;

  /** Sends text (a reply), after the configured reply delay. */
  protected reply(text: string): void {
    const send = () => {
      if (!this.unplugged) void this.link?.write(text).catch(() => undefined);
    };
    if (this.replyDelayMs > 0) this.later(send, this.replyDelayMs);
    else send();
  }

  protected send(bytes: Uint8Array): void {
    if (!this.unplugged) void this.link?.write(bytes).catch(() => undefined);
  }

  protected later(action: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.pendingTimers.delete(timer);
      action();
    }, ms);
    this.pendingTimers.add(timer);
  }

  /** The bytes of the next `count` packets, made at once without pacing or sending (offline checks). */
  renderPackets(count: number): Uint8Array {
    const parts = Array.from({ length: count }, () => this.nextPacket());
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) { out.set(part, offset); offset += part.length; }
    return out;
  }

  private tick(): void {
    const now = wallClockMs();
    while (this.faults.length > 0 && (now - this.startedMs) / 1000 >= this.faults[0].atSec) this.inject(this.faults.shift() as SimulatorFault);
    if (!this.streaming || this.unplugged || now < this.pausedUntilMs) return;
    const due = Math.floor(((now - this.streamStartMs) / 1000) * this.packetRateHz) - this.packetsDue;
    if (due <= 0) return;
    const parts: Uint8Array[] = [];
    let length = 0;
    for (let i = 0; i < due; i++) {
      const packet = this.nextPacket();
      parts.push(packet);
      length += packet.length;
    }
    this.packetsDue += due;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) { out.set(part, offset); offset += part.length; }
    this.send(out);
  }
}
