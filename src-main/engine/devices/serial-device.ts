// What every serial amplifier driver shares: bytes -> decoder -> sample blocks, a silence watchdog, and reconnection.
//
// A device that sends no valid packet for `stallMs` (default 500 ms, so it is reported within 1 s) is reported
// `stalled`. A stalled stream first gets `retryMs` to resume untouched (a held-up stream then loses nothing);
// after that the driver reopens the port when it vanished and redoes the handshake and start, every `retryMs`,
// until it streams again (`resumed`, the missed samples counted as lost from the wall clock) or
// `reconnectTimeoutMs` passes (a fault). Samples already delivered are never touched.
import { CoreError } from '../../core/errors.ts';
import type { DecodedSample, DeviceChannel, StreamDecoder } from '../../core/devices/stream-decoder.ts';
import { wallClockMs, type Device, type DeviceInfo, type DeviceListener } from './device.ts';
import { SerialLink } from './serial-link.ts';

export interface SerialDeviceOptions {
  port: string;
  /** Silence (no valid packet) after which the device is reported stalled (ms, default 500). */
  stallMs?: number;
  /** How long to keep trying to get the device back before giving up (ms, default 30000). */
  reconnectTimeoutMs?: number;
  /** Pause between reconnection attempts (ms, default 500). */
  retryMs?: number;
  /** Instrumentation: called after each read was decoded and delivered, with the wall-clock ms of its arrival. */
  onDelivered?: (arrivalMs: number, deliveredMs: number, samples: number) => void;
}

/** What a driver's handshake produced: the decoder for what will stream and the device description. */
export interface Handshake {
  decoder: StreamDecoder;
  sampleRateHz: number;
  description: string;
}

export abstract class SerialDevice implements Device {
  abstract readonly id: string;
  protected link: SerialLink | null = null;
  protected decoder: StreamDecoder | null = null;
  protected readonly options: SerialDeviceOptions;
  protected abstract readonly baudRate: number;
  private info: DeviceInfo | null = null;
  private listener: DeviceListener | null = null;
  private streaming = false;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private lastPacketMs = 0;
  private lastPackets = 0;
  private lastSampleMs = 0;
  /** Samples per channel delivered or lost since start: the stream index of the next sample. */
  private sampleIndex = 0;
  private recovering = false;
  /** Wall-clock ms of the last sample before an outage, 0 when there is none. */
  private outageStartMs = 0;

  constructor(options: SerialDeviceOptions) {
    this.options = options;
  }

  /**
   * Soft reset, detection and configuration; runs at open and again after every reconnection
   * (`reconnecting`: wait at most about a second for replies, the next attempt follows anyway).
   */
  protected abstract handshake(link: SerialLink, reconnecting: boolean): Promise<Handshake>;
  /** Makes the device stream (it was configured by `handshake`). */
  protected abstract startStreaming(link: SerialLink): Promise<void>;
  protected abstract stopStreaming(link: SerialLink): Promise<void>;

  get channelDetails(): readonly DeviceChannel[] {
    return this.decoder?.channels ?? [];
  }

  /** Packets lost, bytes skipped and resynchronisations since open. */
  get decoderStats() {
    return this.decoder?.stats ?? null;
  }

  async open(): Promise<DeviceInfo> {
    if (this.info) return this.info;
    const link = await SerialLink.open(this.options.port, this.baudRate);
    this.link = link;
    try {
      const handshake = await this.handshake(link, false);
      this.decoder = handshake.decoder;
      const channels = handshake.decoder.channels.map((c) => ({ ...c }));
      this.info = { channels: channels.map((c) => c.label), sampleRateHz: handshake.sampleRateHz, channelDetails: channels, description: handshake.description };
      link.onUnexpectedClose(() => this.portLost());
      return this.info;
    } catch (error) {
      await link.close();
      this.link = null;
      throw error;
    }
  }

  async start(listener: DeviceListener): Promise<void> {
    if (!this.link || !this.decoder || !this.info) throw new CoreError('failed', `${this.id}: start called before open`);
    if (this.streaming) return;
    this.listener = listener;
    this.sampleIndex = 0;
    this.outageStartMs = 0;
    this.decoder.reset();
    this.link.onData((bytes) => this.receive(bytes));
    await this.startStreaming(this.link);
    this.streaming = true;
    this.lastPacketMs = wallClockMs();
    this.lastPackets = this.decoder.stats.packets;
    this.lastSampleMs = this.lastPacketMs;
    this.watchdog = setInterval(() => this.watch(), 50);
  }

  async stop(): Promise<void> {
    if (!this.streaming) return;
    this.streaming = false;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.link?.isOpen) await this.stopStreaming(this.link).catch(() => undefined);
    this.link?.onData(null);
    this.listener = null;
  }

  /** Resolves once a reconnection attempt under way has ended (after `stop`, none follows): the link is the caller's again. */
  protected async recovered(): Promise<void> {
    while (this.recovering) await sleep(20);
  }

  async close(): Promise<void> {
    await this.stop();
    this.link?.onUnexpectedClose(null);
    await this.link?.close();
    this.link = null;
    this.info = null;
  }

  private receive(bytes: Uint8Array): void {
    const arrivalMs = wallClockMs();
    const decoder = this.decoder as StreamDecoder;
    const resyncs = decoder.stats.resyncs;
    const decoded = decoder.push(bytes);
    if (decoder.stats.resyncs !== resyncs && this.listener) {
      this.listener.status({ kind: 'resynchronised', message: `${this.id}: skipping bytes that are no packet to find the next one (${decoder.stats.skippedBytes} skipped so far)` });
    }
    if (decoded.length === 0) return;
    this.lastPacketMs = arrivalMs;
    this.deliver(decoded, arrivalMs);
    this.options.onDelivered?.(arrivalMs, wallClockMs(), decoded.length);
  }

  /** Splits decoded samples into blocks at every loss and hands them, and their markers, to the listener. */
  private deliver(decoded: DecodedSample[], arrivalMs: number): void {
    const listener = this.listener;
    if (!listener || !this.info) return;
    const fs = this.info.sampleRateHz;
    const nCh = this.info.channels.length;
    if (this.outageStartMs > 0) {
      // After an outage: the samples the wall clock says were missed, less those that arrive now.
      const missed = Math.round(((arrivalMs - this.outageStartMs) / 1000) * fs) - decoded.length;
      decoded[0] = { ...decoded[0], lostBefore: decoded[0].lostBefore + Math.max(0, missed) };
      this.outageStartMs = 0;
    }
    let begin = 0;
    while (begin < decoded.length) {
      let end = begin + 1;
      while (end < decoded.length && decoded[end].lostBefore === 0) end++;
      const n = end - begin;
      const samples = new Float32Array(nCh * n);
      for (let i = 0; i < n; i++) {
        const values = decoded[begin + i].values;
        for (let ch = 0; ch < nCh; ch++) samples[ch * n + i] = values[ch];
      }
      const lostBefore = decoded[begin].lostBefore;
      this.sampleIndex += lostBefore;
      const firstSampleTimeMs = arrivalMs - ((decoded.length - 1 - begin) * 1000) / fs;
      for (let i = 0; i < n; i++) {
        const marker = decoded[begin + i].marker;
        if (marker !== null) listener.marker({ sampleIndex: this.sampleIndex + i, label: marker, durationSec: 0 });
      }
      if (lostBefore > 0) listener.status({ kind: 'lost', message: `${this.id}: ${lostBefore} sample(s) lost (packet counter gap)` });
      listener.samples({ samples, nSamples: n, lostBefore, firstSampleTimeMs });
      this.sampleIndex += n;
      begin = end;
    }
    this.lastSampleMs = arrivalMs;
  }

  private watch(): void {
    if (!this.streaming || this.recovering) return;
    const decoder = this.decoder as StreamDecoder;
    const now = wallClockMs();
    if (decoder.stats.packets !== this.lastPackets) {
      this.lastPackets = decoder.stats.packets;
      this.lastPacketMs = now;
    }
    const stallMs = this.options.stallMs ?? 500;
    if (now - this.lastPacketMs >= stallMs) void this.recover(`${this.id} on ${this.options.port}: no data for ${Math.round(now - this.lastPacketMs)} ms (unplugged, switched off or out of range?)`);
  }

  private portLost(): void {
    if (this.streaming && !this.recovering) void this.recover(`${this.id}: serial port ${this.options.port} disappeared (unplugged?)`, true);
  }

  /** Tries to get the device streaming again until it does or the reconnection time is spent. */
  private async recover(reason: string, portVanished = false): Promise<void> {
    this.recovering = true;
    this.listener?.status({ kind: 'stalled', message: reason });
    const deadline = wallClockMs() + (this.options.reconnectTimeoutMs ?? 30000);
    const retryMs = this.options.retryMs ?? 500;
    // A held-up stream (a busy machine, a radio hiccup the dongle buffers) resumes by itself: a reset would lose what is in flight.
    const before = (this.decoder as StreamDecoder).stats.packets;
    if (!portVanished && (await waitFor(() => (this.decoder as StreamDecoder).stats.packets > before, retryMs)) && this.streaming) {
      this.resumed();
      return;
    }
    // From here the board is reset: its counter restarts, so the samples missed are counted from the wall clock.
    this.outageStartMs = this.lastSampleMs;
    let attempt = 0;
    while (this.streaming && wallClockMs() < deadline) {
      attempt++;
      const link = this.link as SerialLink;
      try {
        this.listener?.status({ kind: 'reconnecting', message: `${this.id}: reconnecting to ${this.options.port} (attempt ${attempt})` });
        await link.reopen();
        link.onData(null);
        await this.handshake(link, true);
        (this.decoder as StreamDecoder).reset();
        link.onData((bytes) => this.receive(bytes));
        await this.startStreaming(link);
        const started = (this.decoder as StreamDecoder).stats.packets;
        const ok = await waitFor(() => (this.decoder as StreamDecoder).stats.packets > started, 1500);
        if (ok && this.streaming) {
          this.resumed();
          return;
        }
      } catch {
        // The port is still gone or the board does not answer yet: try again.
      }
      await sleep(retryMs);
    }
    this.recovering = false;
    if (!this.streaming) return;
    const listener = this.listener;
    await this.stop();
    listener?.fault(`${reason}; no answer after ${Math.round((this.options.reconnectTimeoutMs ?? 30000) / 1000)} s of reconnection attempts`);
  }

  private resumed(): void {
    this.lastPacketMs = wallClockMs();
    this.lastPackets = (this.decoder as StreamDecoder).stats.packets;
    this.recovering = false;
    this.listener?.status({ kind: 'resumed', message: `${this.id}: streaming again on ${this.options.port}` });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const end = wallClockMs() + timeoutMs;
  while (wallClockMs() < end) {
    if (condition()) return true;
    await sleep(stepMs);
  }
  return condition();
}
