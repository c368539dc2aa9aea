// BrainVision Recorder's Remote Data Access (32-bit float port) as a device: channels and resolution from the start message, blocks, markers, reconnection.
import net from 'node:net';
import { CoreError } from '../../core/errors.ts';
import { decodeRdaMessage, RDA_PORT_FLOAT32, RDA_TYPE_DATA16, type RdaData, type RdaStart } from '../../core/network/rda.ts';
import { wallClockMs, type Device, type DeviceInfo, type DeviceListener } from '../devices/device.ts';

export interface RdaDeviceOptions {
  host: string;
  port?: number;
  /** How long open() waits for Recorder's start message. */
  openTimeoutMs?: number;
  /** How long to keep reconnecting after the connection drops before giving up with a fault. */
  reconnectForMs?: number;
  log?: (message: string) => void;
}

const RECONNECT_DELAY_MS = 1000;

export class RdaDevice implements Device {
  readonly id: string;
  private readonly host: string;
  private readonly port: number;
  private readonly options: RdaDeviceOptions;
  private socket: net.Socket | null = null;
  private setup: RdaStart | null = null;
  private listener: DeviceListener | null = null;
  private streaming = false;
  private closed = false;
  private lastBlock: number | null = null;
  private sampleCount = 0;
  private lastBlockAt = 0;
  private reconnecting = false;
  private onStart: ((start: RdaStart) => void) | null = null;
  private onOpenFailure: ((error: Error) => void) | null = null;

  constructor(options: RdaDeviceOptions) {
    this.options = options;
    this.host = options.host;
    this.port = options.port ?? RDA_PORT_FLOAT32;
    this.id = `rda:${this.host}${this.port !== RDA_PORT_FLOAT32 ? `:${this.port}` : ''}`;
  }

  async open(): Promise<DeviceInfo> {
    this.closed = false;
    if (!this.setup) {
      const timeoutMs = this.options.openTimeoutMs ?? 5000;
      const started = new Promise<RdaStart>((resolve, reject) => {
        const timer = setTimeout(() => reject(new CoreError('failed', `RDA ${this.host}:${this.port}: no start message within ${timeoutMs / 1000} s (is Recorder monitoring or recording, with RDA enabled?)`, { problem: 'host-unreachable' })), timeoutMs);
        this.onStart = (start) => {
          clearTimeout(timer);
          resolve(start);
        };
        this.onOpenFailure = (error) => {
          clearTimeout(timer);
          reject(error);
        };
      });
      try {
        await this.connect();
        this.setup = await started;
      } catch (error) {
        this.socket?.destroy();
        this.socket = null;
        throw error;
      } finally {
        this.onStart = null;
        this.onOpenFailure = null;
      }
    }
    const s = this.setup;
    return {
      channels: [...s.channelNames],
      sampleRateHz: 1e6 / s.samplingIntervalUs,
      description: `BrainVision Recorder RDA at ${this.host}:${this.port}, resolutions ${[...new Set(s.resolutions)].join('/')} µV`,
    };
  }

  async start(listener: DeviceListener): Promise<void> {
    if (!this.setup) throw new CoreError('failed', `${this.id}: start before open`);
    this.listener = listener;
    this.sampleCount = 0;
    this.lastBlock = null;
    this.streaming = true;
  }

  async stop(): Promise<void> {
    this.streaming = false;
  }

  async close(): Promise<void> {
    this.streaming = false;
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
    this.setup = null;
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      this.socket = socket;
      let buffer: Buffer = Buffer.alloc(0);
      let connected = false;
      socket.on('connect', () => {
        connected = true;
        resolve();
      });
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        try {
          let offset = 0;
          for (;;) {
            const decoded = decodeRdaMessage(buffer.subarray(offset), this.setup?.channelNames.length ?? 0);
            if (!decoded) break;
            offset += decoded.consumed;
            const m = decoded.message;
            if (m.type === 'start') this.started(m);
            else if (m.type === 'data') this.data(m);
            else if (m.type === 'stop') this.listener?.status({ kind: 'info', message: `RDA ${this.host}: Recorder stopped sending; waiting for it to start again` });
            else if (m.messageType === RDA_TYPE_DATA16) throw new CoreError('bad-input', `port ${this.port} sends 16-bit blocks; connect to the 32-bit float port ${RDA_PORT_FLOAT32}`);
          }
          buffer = offset === buffer.length ? Buffer.alloc(0) : buffer.subarray(offset);
        } catch (error) {
          socket.destroy();
          this.socket = null;
          this.fatal(`RDA ${this.host}:${this.port} sent malformed data (${(error as Error).message}); disconnected`);
        }
      });
      socket.on('error', (error) => {
        if (!connected) reject(new CoreError('failed', `RDA ${this.host}:${this.port}: ${error.message}`, { problem: 'host-unreachable' }));
      });
      socket.on('close', () => {
        if (this.socket !== socket) return;
        this.socket = null;
        if (connected && !this.closed && this.setup) void this.reconnect();
      });
    });
  }

  private started(start: RdaStart): void {
    if (this.onStart) {
      this.onStart(start);
      return;
    }
    const s = this.setup;
    if (!s) return;
    const same = s.channelNames.length === start.channelNames.length && s.channelNames.every((n, i) => n === start.channelNames[i])
      && s.samplingIntervalUs === start.samplingIntervalUs;
    if (!same) {
      this.fatal(`RDA ${this.host}: Recorder restarted with another setup (${start.channelNames.length} channels at ${1e6 / start.samplingIntervalUs} Hz); start the acquisition again`);
      return;
    }
    this.setup = start; // resolutions may change with the amplifier's range
    this.lastBlock = null;
  }

  private data(block: RdaData): void {
    const s = this.setup;
    if (!s || !this.streaming || !this.listener) return;
    const nCh = s.channelNames.length;
    const fs = 1e6 / s.samplingIntervalUs;
    const now = wallClockMs();
    let lost = 0;
    if (this.lastBlock !== null && block.block > this.lastBlock + 1) lost = (block.block - this.lastBlock - 1) * block.points;
    else if (this.lastBlock === null && this.sampleCount > 0) {
      // after a reconnection or a Recorder restart: estimate the gap from the wall clock
      lost = Math.max(0, Math.round(((now - this.lastBlockAt) / 1000) * fs) - block.points);
    }
    this.lastBlock = block.block;
    this.lastBlockAt = now;
    const n = block.points;
    const samples = new Float32Array(nCh * n);
    for (let ch = 0; ch < nCh; ch++) {
      const r = s.resolutions[ch];
      for (let i = 0; i < n; i++) samples[ch * n + i] = block.values[i * nCh + ch] * r;
    }
    this.sampleCount += lost;
    const first = this.sampleCount;
    this.listener.samples({ samples, nSamples: n, lostBefore: lost, firstSampleTimeMs: now - (n / fs) * 1000 });
    this.sampleCount += n;
    for (const m of block.markers) {
      this.listener.marker({ sampleIndex: first + Math.min(m.position, Math.max(0, n - 1)), label: m.description || m.type, durationSec: m.points > 1 ? m.points / fs : 0 });
    }
  }

  private fatal(message: string): void {
    const listener = this.listener;
    const wasStreaming = this.streaming;
    this.streaming = false;
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
    if (this.onOpenFailure) this.onOpenFailure(new CoreError('bad-input', message));
    else if (wasStreaming && listener) listener.fault(message);
    else this.options.log?.(message);
  }

  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    this.listener?.status({ kind: 'reconnecting', message: `RDA ${this.host}:${this.port}: connection lost; reconnecting` });
    const deadline = Date.now() + (this.options.reconnectForMs ?? 30_000);
    try {
      while (!this.closed && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, RECONNECT_DELAY_MS));
        if (this.closed) return;
        try {
          this.lastBlock = null;
          await this.connect();
          this.listener?.status({ kind: 'resumed', message: `RDA ${this.host}:${this.port}: reconnected` });
          return;
        } catch (error) {
          this.options.log?.(`RDA ${this.host}:${this.port}: ${(error as Error).message}`);
        }
      }
      if (!this.closed) this.fatal(`RDA ${this.host}:${this.port}: connection lost and not back within ${Math.round((this.options.reconnectForMs ?? 30_000) / 1000)} s`);
    } finally {
      this.reconnecting = false;
    }
  }
}
