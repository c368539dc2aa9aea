// The OpenBCI Cyton and Cyton + Daisy driver: soft reset, banner checks, channel settings with tracked gains, marker mode, impedance.
import {
  CYTON_BAUD, CYTON_SAMPLE_RATE_HZ, CytonDecoder, cytonChannelCommand, cytonDefaultChannelSettings, cytonLeadOffCommand,
  DAISY_SAMPLE_RATE_HZ, parseCytonBanner, type CytonChannelSettings,
} from '../../core/devices/cyton.ts';
import { cytonImpedanceFromSamples } from '../../core/devices/signal-quality.ts';
import { CoreError } from '../../core/errors.ts';
import { listenerOf } from './device.ts';
import { SerialDevice, sleep, type Handshake, type SerialDeviceOptions } from './serial-device.ts';
import type { SerialLink } from './serial-link.ts';

export interface CytonOptions extends SerialDeviceOptions {
  /** true: a Daisy must be present (16 channels); false: 8 channels even when a Daisy is fitted. */
  daisy: boolean;
  /** Settings per channel (8 or 16); channels not given keep the defaults (gain 24, normal input, bias, SRB2). */
  channelSettings?: Partial<CytonChannelSettings>[];
  labels?: string[];
  /** Board mode 4: the first aux byte carries markers (`` `X `` inserts X); the accelerometer is off. */
  markerMode?: boolean;
  /** How long to wait for each `$$$`-terminated reply (ms, default 3000). */
  replyTimeoutMs?: number;
}

const isReplyEnd = (text: string) => text.includes('$$$');

export class CytonDevice extends SerialDevice {
  readonly id: string;
  protected readonly baudRate = CYTON_BAUD;
  private readonly cyton: CytonOptions;
  /** How long each reply is waited for: the option at open, at most 1 s while reconnecting. */
  private replyTimeoutMs = 3000;
  /** Gain per channel as last sent to the board (24 after every reset). */
  gains: number[] = [];
  firmware: string | null = null;

  constructor(options: CytonOptions) {
    super(options);
    this.cyton = options;
    this.id = options.daisy ? 'daisy' : 'cyton';
  }

  get nEeg(): number {
    return this.cyton.daisy ? 16 : 8;
  }

  /** Sends one command and waits for its `$$$`; the reply text, or an error naming the command. */
  private async command(link: SerialLink, command: string, what: string): Promise<string> {
    const timeoutMs = this.replyTimeoutMs;
    const reply = link.collect(isReplyEnd, timeoutMs);
    await link.write(command);
    const result = await reply;
    if (!result.complete) {
      throw new CoreError('failed', `${this.id} on ${link.path}: no reply to ${what} ('${command}') within ${timeoutMs / 1000} s`, { port: link.path, problem: 'no-answer' });
    }
    return result.text;
  }

  protected async handshake(link: SerialLink, reconnecting: boolean): Promise<Handshake> {
    this.replyTimeoutMs = reconnecting ? Math.min(1000, this.cyton.replyTimeoutMs ?? 3000) : this.cyton.replyTimeoutMs ?? 3000;
    // Stop a stream left running, let its bytes drain, then soft reset.
    await link.write('s');
    await link.collect(() => false, 150);
    const timeoutMs = this.replyTimeoutMs;
    const replyPromise = link.collect(isReplyEnd, timeoutMs);
    await link.write('v');
    const reply = await replyPromise;
    if (!reply.complete) {
      if (reply.bytes > 0) {
        throw new CoreError('failed', `${link.path} sent ${reply.bytes} bytes but no OpenBCI reply to the soft reset 'v' within ${timeoutMs / 1000} s: wrong device, or wrong baud rate (the Cyton dongle runs at ${CYTON_BAUD})`, { port: link.path, problem: 'wrong-device' });
      }
      throw new CoreError('failed', `no reply from ${link.path} to the soft reset 'v' within ${timeoutMs / 1000} s: is it the OpenBCI dongle, and is the board switched on?`, { port: link.path, problem: 'no-answer' });
    }
    const banner = parseCytonBanner(reply.text);
    if (banner.boardOff) {
      throw new CoreError('failed', `the OpenBCI dongle on ${link.path} answered but the Cyton board did not ('${reply.text.replace(/\$\$\$/, '').trim()}'): switch the board on (PC position) and keep it within range`, { port: link.path, problem: 'board-off' });
    }
    if (this.cyton.daisy && !banner.daisy) {
      throw new CoreError('failed', `no Daisy found on ${link.path}: the board's banner has no Daisy line; fit the Daisy module or choose the 8-channel Cyton`, { port: link.path, problem: 'no-daisy' });
    }
    if (!this.cyton.daisy && banner.daisy) await this.command(link, 'c', '8-channel mode');
    this.firmware = banner.firmware;
    this.gains = new Array<number>(this.nEeg).fill(cytonDefaultChannelSettings.gain);
    const settings = this.cyton.channelSettings ?? [];
    for (let ch = 1; ch <= this.nEeg; ch++) {
      const wanted = settings[ch - 1];
      if (!wanted || Object.keys(wanted).length === 0) continue;
      const full = { ...cytonDefaultChannelSettings, ...wanted };
      await this.command(link, cytonChannelCommand(ch, full), `channel ${ch} settings`);
      this.gains[ch - 1] = full.gain;
    }
    if (this.cyton.markerMode) await this.command(link, '/4', 'marker mode');
    const decoder = new CytonDecoder({ daisy: this.cyton.daisy, gains: this.gains, labels: this.cyton.labels });
    return {
      decoder,
      sampleRateHz: this.cyton.daisy ? DAISY_SAMPLE_RATE_HZ : CYTON_SAMPLE_RATE_HZ,
      description: `OpenBCI Cyton${this.cyton.daisy ? ' + Daisy' : ''} ${banner.firmware ?? '(firmware unknown)'} on ${link.path}`,
    };
  }

  protected async startStreaming(link: SerialLink): Promise<void> {
    await link.write('b');
  }

  protected async stopStreaming(link: SerialLink): Promise<void> {
    await link.write('s');
    await sleep(50);
  }

  /** In marker mode, inserts a marker character into the board's stream (it comes back on the next packet). */
  async insertMarker(char: string): Promise<void> {
    if (!this.cyton.markerMode) throw new CoreError('failed', `${this.id}: markers need marker mode (markerMode: true)`);
    if (char.length !== 1 || char.charCodeAt(0) === 0 || char.charCodeAt(0) > 255) throw new CoreError('bad-input', `${this.id}: a marker is one non-zero byte, got '${char}'`);
    await this.link?.write('`' + char);
  }

  /**
   * Impedance of each channel in kΩ, one channel at a time: lead-off current on the N input, stream
   * `settleSec + measureSec`, the 31.25 Hz tone's σ -> Z; the lead-off current is switched off and the
   * channel's settings sent again afterwards, also when the measurement is cancelled (`options.signal`: then a
   * `cancelled` error) or the board went silent during it (a `failed` error: the value would be wrong).
   * Call while open and not streaming. A failure to restore a channel throws: the board's settings are then unknown.
   */
  async measureImpedance(channels: number[], settleSec = 1, measureSec = 1, options: ImpedanceOptions = {}): Promise<MeasuredImpedance[]> {
    const link = this.link;
    if (!link) throw new CoreError('failed', `${this.id}: measureImpedance called before open`);
    for (const channel of channels) {
      if (!Number.isInteger(channel) || channel < 1 || channel > this.nEeg) throw new CoreError('bad-input', `${this.id}: channel ${channel} is not 1..${this.nEeg}`);
    }
    const results: MeasuredImpedance[] = [];
    const fs = this.cyton.daisy ? DAISY_SAMPLE_RATE_HZ : CYTON_SAMPLE_RATE_HZ;
    const settings = this.cyton.channelSettings ?? [];
    const cancelled = () => options.signal?.aborted === true;
    for (const [index, channel] of channels.entries()) {
      if (cancelled()) throw new CoreError('cancelled', `${this.id}: impedance measurement cancelled after ${index} of ${channels.length} channels`);
      const label = this.channelDetails[channel - 1]?.label ?? `Ch${channel}`;
      options.onChannel?.(index, channel, label);
      await this.command(link, cytonLeadOffCommand(channel, false, true), `lead-off on channel ${channel}`);
      const collected: Float32Array[] = [];
      let total = 0;
      let silence: string | null = null;
      const needed = Math.round((settleSec + measureSec) * fs);
      await this.start(listenerOf({
        samples: (block) => {
          collected.push(block.samples.slice((channel - 1) * block.nSamples, channel * block.nSamples));
          total += block.nSamples;
        },
        // A silence (unplugged, out of range) makes the tone's amplitude meaningless, even if streaming resumes.
        status: (status) => {
          if (status.kind === 'stalled' && silence === null) silence = status.message;
        },
        fault: () => undefined,
      }));
      const deadline = Date.now() + (settleSec + measureSec) * 1000 + 3000;
      while (total < needed && silence === null && !cancelled() && Date.now() < deadline) await sleep(20);
      await this.stop();
      // A silence started a reconnection attempt: it ends before anything else is said to the board.
      await this.recovered();
      await link.collect(() => false, 100);
      // The channel is restored whatever happened; a board that does not answer here throws (settings unknown).
      await this.command(link, cytonLeadOffCommand(channel, false, false), `lead-off off on channel ${channel}`);
      await this.command(link, cytonChannelCommand(channel, { ...cytonDefaultChannelSettings, ...settings[channel - 1] }), `channel ${channel} settings`);
      if (cancelled()) throw new CoreError('cancelled', `${this.id}: impedance measurement cancelled during channel ${channel} (${index} of ${channels.length} channels done)`);
      if (silence !== null) throw new CoreError('failed', `${this.id}: impedance of channel ${channel}: the board went silent during the measurement (${silence})`);
      if (total < needed) throw new CoreError('failed', `${this.id}: impedance of channel ${channel}: only ${total} of ${needed} samples arrived`);
      const samples = new Float32Array(total);
      let offset = 0;
      for (const part of collected) { samples.set(part, offset); offset += part.length; }
      const ohms = cytonImpedanceFromSamples(samples, fs, settleSec);
      results.push({ channel, label, kOhm: ohms / 1000 });
    }
    return results;
  }
}

/** One electrode's impedance as the driver measures it (kΩ). */
export interface MeasuredImpedance {
  channel: number;
  label: string;
  kOhm: number;
}

export interface ImpedanceOptions {
  /** Aborting ends the measurement after the channel under way is restored (a `cancelled` error). */
  signal?: AbortSignal;
  /** Before each channel: its place among the channels asked (0-based), its number (1-based) and label. */
  onChannel?: (index: number, channel: number, label: string) => void;
}

/** A device that measures electrode impedance (the Cyton and the Cyton + Daisy). */
export interface ImpedanceDevice {
  readonly nEeg: number;
  measureImpedance(channels: number[], settleSec?: number, measureSec?: number, options?: ImpedanceOptions): Promise<MeasuredImpedance[]>;
}

export const measuresImpedance = (device: object): device is ImpedanceDevice => device instanceof CytonDevice;
