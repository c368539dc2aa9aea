// An LSL stream as a device: resolves it by name, streams its samples in µV, and turns an optional marker stream into markers.
import { CoreError } from '../../core/errors.ts';
import { lslChannels, microvoltsPer, type LslStreamInfo } from '../../core/network/lsl-stream-info.ts';
import type { Device, DeviceChannel, DeviceInfo, DeviceListener } from '../devices/device.ts';
import { LslInlet, type LslChunk, type LslInletOptions } from './lsl-inlet.ts';
import { describeScope, lslNetwork, lslToWallMs } from './lsl-network.ts';
import { lslQuery, resolveLslStreams, type ResolvedStream } from './lsl-resolver.ts';

export interface LslDeviceOptions extends LslInletOptions {
  /** Name of the EEG stream. */
  stream: string;
  /** Name of a string stream whose samples become markers. */
  markerStream?: string;
  /** How long to look for the streams when opening. */
  resolveTimeoutMs?: number;
}

/** Physical range written for non-voltage channels, per format (floats get ±1e6). */
const RANGE: Record<string, number> = { int8: 128, int16: 32768, int32: 2147483648, int64: 2147483648 };

export class LslInletDevice implements Device {
  readonly id: string;
  private readonly options: LslDeviceOptions;
  private inlet: LslInlet | null = null;
  private markerInlet: LslInlet | null = null;
  private scale: number[] = [];
  private listener: DeviceListener | null = null;
  /** Samples per channel delivered since start, lost ones included. */
  private sampleCount = 0;
  /** Local LSL time of the last delivered sample, to place markers. */
  private lastSampleTime: number | null = null;
  private pendingMarkers: { time: number; label: string }[] = [];

  constructor(options: LslDeviceOptions) {
    this.options = options;
    this.id = `lsl:${options.stream}${options.markerStream ? `;markers=${options.markerStream}` : ''}`;
  }

  async open(): Promise<DeviceInfo> {
    if (!this.inlet) {
      const eeg = await this.resolve(this.options.stream);
      if (eeg.info.channelFormat === 'string' || eeg.info.nominalSrate <= 0) {
        throw new CoreError('bad-input', `LSL stream '${eeg.info.name}' is irregular (${eeg.info.channelFormat}, a marker stream?): record it as markers with lsl:EEG;markers=${eeg.info.name}`, { problem: 'stream-unsuitable' });
      }
      const inlet = new LslInlet(eeg, this.options);
      this.inlet = inlet;
      await inlet.open();
      if (this.options.markerStream) {
        const markers = await this.resolve(this.options.markerStream);
        const markerInlet = new LslInlet(markers, this.options);
        this.markerInlet = markerInlet;
        await markerInlet.open();
      }
    }
    const info = this.inlet.info;
    const channels = lslChannels(info);
    this.scale = channels.map((c) => microvoltsPer(c.unit) ?? (c.unit === '' ? 1 : NaN));
    const details: DeviceChannel[] = channels.map((c, i) => {
      if (!Number.isNaN(this.scale[i])) return { label: c.label, kind: 'eeg', unit: 'uV', physicalMin: -500_000, physicalMax: 500_000 };
      const range = RANGE[info.channelFormat] ?? 1e6;
      return { label: c.label, kind: 'aux', unit: c.unit, physicalMin: -range, physicalMax: range - 1 };
    });
    this.scale = this.scale.map((s) => (Number.isNaN(s) ? 1 : s));
    const acquisition = info.desc.children.find((c) => c.name === 'acquisition');
    const maker = acquisition?.children.map((c) => c.text.trim()).filter((t) => t !== '').join(' ');
    return {
      channels: channels.map((c) => c.label),
      sampleRateHz: info.nominalSrate,
      ...(details.some((d) => d.kind !== 'eeg') ? { channelDetails: details } : {}),
      description: `LSL stream '${info.name}' (${info.type || 'no type'}, ${info.channelFormat}) from ${info.hostname || this.inlet.address}${maker ? `, ${maker}` : ''}`
        + (this.markerInlet ? `; markers from '${this.markerInlet.info.name}'` : ''),
    };
  }

  async start(listener: DeviceListener): Promise<void> {
    const inlet = this.inlet;
    if (!inlet) throw new CoreError('failed', `${this.id}: start before open`);
    this.listener = listener;
    this.sampleCount = 0;
    this.lastSampleTime = null;
    this.pendingMarkers = [];
    const status = (kind: 'stalled' | 'reconnecting' | 'resumed' | 'info', message: string) => listener.status({ kind, message });
    let faulted = false;
    const fault = (message: string) => {
      if (faulted) return;
      faulted = true;
      void this.stop();
      listener.fault(message);
    };
    await inlet.start({ chunk: (c) => this.samples(c), status, fault });
    if (this.markerInlet) {
      try {
        await this.markerInlet.start({ chunk: (c) => this.markers(c), status, fault });
      } catch (error) {
        await inlet.stop();
        throw error;
      }
    }
  }

  async stop(): Promise<void> {
    await this.inlet?.stop();
    await this.markerInlet?.stop();
  }

  async close(): Promise<void> {
    await this.inlet?.close();
    await this.markerInlet?.close();
    this.inlet = null;
    this.markerInlet = null;
  }

  private async resolve(name: string): Promise<ResolvedStream> {
    const network = lslNetwork(this.options.network);
    const timeoutMs = this.options.resolveTimeoutMs ?? 5000;
    const found = await resolveLslStreams(lslQuery(network.sessionId, 'name', name), { network, timeoutMs, minimum: 1, graceMs: 300, log: this.options.log });
    if (found.length === 0) {
      throw new CoreError('failed', `No LSL stream named '${name}' answered within ${timeoutMs / 1000} s (${describeScope(network)}; change it in the settings to look further).`, { problem: 'stream-not-found' });
    }
    if (found.length > 1) {
      throw new CoreError('bad-input', `${found.length} LSL streams are named '${name}' (${found.map((s) => `${s.info.hostname || s.address} ${s.info.sourceId}`.trim()).join('; ')}); close all but one or rename them.`, { problem: 'stream-ambiguous' });
    }
    return found[0];
  }

  private samples(chunk: LslChunk): void {
    const info = this.inlet?.info as LslStreamInfo;
    const nCh = info.channelCount;
    const n = chunk.nSamples;
    const out = new Float32Array(nCh * n);
    const values = chunk.values as Float64Array;
    for (let ch = 0; ch < nCh; ch++) {
      const s = this.scale[ch] ?? 1;
      for (let i = 0; i < n; i++) out[ch * n + i] = values[i * nCh + ch] * s;
    }
    this.sampleCount += chunk.lostBefore;
    this.listener?.samples({ samples: out, nSamples: n, lostBefore: chunk.lostBefore, firstSampleTimeMs: lslToWallMs(chunk.timestamps[0]) });
    this.sampleCount += n;
    this.lastSampleTime = chunk.timestamps[n - 1];
    if (this.pendingMarkers.length > 0) {
      const pending = this.pendingMarkers;
      this.pendingMarkers = [];
      for (const m of pending) this.placeMarker(m.time, m.label);
    }
  }

  private markers(chunk: LslChunk): void {
    const strings = chunk.strings;
    const nCh = this.markerInlet?.info.channelCount ?? 1;
    for (let i = 0; i < chunk.nSamples; i++) {
      const label = strings ? strings.slice(i * nCh, (i + 1) * nCh).filter((s) => s !== '').join('/') : String(chunk.values?.[i * nCh] ?? '');
      if (this.lastSampleTime === null) this.pendingMarkers.push({ time: chunk.timestamps[i], label });
      else this.placeMarker(chunk.timestamps[i], label);
    }
  }

  /** A marker at local time `time` goes to the sample taken then, counted from the last delivered sample. */
  private placeMarker(time: number, label: string): void {
    const rate = this.inlet?.info.nominalSrate ?? 0;
    const lastIndex = this.sampleCount - 1;
    const index = Math.max(0, lastIndex + Math.round((time - (this.lastSampleTime as number)) * rate));
    this.listener?.marker({ sampleIndex: index, label, durationSec: 0 });
  }
}
