// An LSL inlet: negotiates the data feed (1.10, or 1.00 for old peers), checks the test pattern, decodes samples, corrects their clock, recovers lost connections.
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import { CoreError } from '../../core/errors.ts';
import {
  encodeFeedRequest100, encodeFeedRequest110, encodeTimeRequest, parseFeedResponse, parseTimeReply, probeEstimate, timeCorrection,
} from '../../core/network/lsl-messages.ts';
import { lslTestPattern, LslSampleReader, readArchiveHeader, samplesEqual } from '../../core/network/lsl-samples.ts';
import { LSL_VALUE_BYTES, parseStreamInfo, type LslStreamInfo } from '../../core/network/lsl-stream-info.ts';
import { bindAddress, lslClock, lslNetwork, type LslNetworkConfig } from './lsl-network.ts';
import { fetchFullInfo, resolveLslStreams, type ResolvedStream } from './lsl-resolver.ts';

export interface LslInletOptions {
  network?: Partial<LslNetworkConfig>;
  /** Highest data protocol to ask for (110 by default; 100 to talk as a 1.00 peer). */
  protocol?: 100 | 110;
  /** Seconds of data the outlet may buffer for us (liblsl's max_buflen). */
  maxBufferSec?: number;
  /** How long to keep looking for a lost stream before giving up with a fault. */
  recoverForMs?: number;
  /** A regular stream silent this long counts as a lost connection. */
  watchdogMs?: number;
  /** Clock probes: one wave of 8 every this many ms. */
  clockIntervalMs?: number;
  /** Bytes a peer may send without completing a sample (an oversized sample drops the connection). */
  maxSampleBytes?: number;
  log?: (message: string) => void;
}

/** Samples as they arrived, with time stamps on the local LSL clock (offset-corrected). */
export interface LslChunk {
  nSamples: number;
  timestamps: Float64Array;
  /** Sample-major numeric values (`values[i * nChannels + ch]`); null for string streams. */
  values: Float64Array | null;
  /** Sample-major strings; null for numeric streams. */
  strings: string[] | null;
  /** Samples estimated lost just before this chunk (across a reconnection), from the time stamps. */
  lostBefore: number;
}

export interface LslInletListener {
  chunk(chunk: LslChunk): void;
  status(kind: 'stalled' | 'reconnecting' | 'resumed' | 'info', message: string): void;
  fault(message: string): void;
}

const RECONNECT_DELAY_MS = 500;
const MAX_SAMPLE_BYTES = 16 * 1024 * 1024;
const PROBES_PER_WAVE = 8;
const PROBE_SPACING_MS = 64;
const PROBE_WAIT_MS = 128 + PROBE_SPACING_MS * PROBES_PER_WAVE;

type Phase = 'response' | 'archive' | 'patterns' | 'streaming';

export class LslInlet {
  info: LslStreamInfo;
  address: string;
  /** Seconds added to the outlet's time stamps to get local LSL time. */
  correction = 0;
  /** Round-trip time of the probe behind `correction`, seconds (Infinity before the first estimate). */
  uncertainty = Infinity;
  private readonly options: LslInletOptions;
  private readonly network: LslNetworkConfig;
  private readonly log: (message: string) => void;
  private listener: LslInletListener | null = null;
  private socket: net.Socket | null = null;
  private clockSocket: dgram.Socket | null = null;
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private running = false;
  private recovering = false;
  private lastDataAt = 0;
  private stalled = false;
  /** Last time stamp received (remote clock, before correction), for deduced stamps. */
  private lastRemoteTimestamp = 0;
  /** Last corrected time stamp delivered, for counting samples lost across a reconnection. */
  private lastDelivered: number | null = null;
  private waveId = 0;
  private probes: { rtt: number; offset: number }[] = [];

  constructor(stream: ResolvedStream, options: LslInletOptions = {}) {
    this.info = stream.info;
    this.address = stream.address;
    this.options = options;
    this.network = lslNetwork(options.network);
    this.log = options.log ?? (() => undefined);
  }

  /** Reads the full description (channel labels, units) and makes a first clock estimate (up to ~1.5 s). */
  async open(): Promise<LslStreamInfo> {
    const full = await fetchFullInfo(this.address, this.info.v4dataPort);
    if (full.uid !== this.info.uid) throw new CoreError('failed', `LSL stream '${this.info.name}' changed while it was being opened; try again`);
    this.info = full;
    await this.startClock();
    return this.info;
  }

  /** Connects the data feed; resolves once the test pattern checked out. */
  async start(listener: LslInletListener): Promise<void> {
    this.listener = listener;
    this.running = true;
    this.lastDelivered = null;
    await this.connect();
    this.lastDataAt = Date.now();
    this.watchdog = setInterval(() => this.checkWatchdog(), 250);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.socket?.destroy();
    this.socket = null;
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = null;
    const clock = this.clockSocket;
    this.clockSocket = null;
    if (clock) await new Promise<void>((resolve) => clock.close(() => resolve()));
  }

  // ---- data feed ----

  private connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const info = this.info;
      const proposed = Math.min(this.options.protocol ?? 110, info.version);
      const socket = net.connect({ host: this.address, port: info.v4dataPort });
      this.socket = socket;
      socket.setNoDelay(true);
      let phase: Phase = proposed >= 110 ? 'response' : 'archive';
      let reader: LslSampleReader | null = proposed >= 110 ? null : new LslSampleReader(info.channelFormat, info.channelCount, 100);
      let patternsSeen = 0;
      let settled = false;
      let buffer: Buffer = Buffer.alloc(0);
      let offset = 0;
      const settle = (error: Error | null) => {
        if (settled) return;
        settled = true;
        socket.setTimeout(0);
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve();
      };
      socket.setTimeout(5000, () => settle(new CoreError('failed', `LSL stream '${info.name}': no answer from ${this.address}:${info.v4dataPort} within 5 s`)));
      socket.on('connect', () => {
        const maxBuffer = Math.max(1, Math.round((this.options.maxBufferSec ?? 360) * (info.nominalSrate > 0 ? info.nominalSrate : 100)));
        socket.write(proposed >= 110
          ? encodeFeedRequest110(info.uid, { valueSize: LSL_VALUE_BYTES[info.channelFormat], maxBufferLength: maxBuffer, maxChunkLength: 0, hostname: os.hostname(), sourceId: info.sourceId, sessionId: info.sessionId, supportsSubnormals: true })
          : encodeFeedRequest100(maxBuffer, 0));
      });
      const handle = (ended: boolean) => {
        if (phase === 'response') {
          const parsed = parseFeedResponse(buffer.subarray(offset), ended);
          if (!parsed) return;
          const r = parsed.response;
          if (r.status === 404) throw new CoreError('failed', `LSL stream '${info.name}' is no longer served at ${this.address}:${info.v4dataPort}`);
          if (r.status >= 300) throw new CoreError('bad-input', `LSL stream '${info.name}': the outlet answered ${r.status} ${r.message}`);
          if (r.uid !== '' && r.uid !== info.uid) throw new CoreError('failed', `LSL stream '${info.name}': the outlet at ${this.address}:${info.v4dataPort} serves another stream`);
          offset += parsed.consumed;
          reader = new LslSampleReader(info.channelFormat, info.channelCount, r.dataProtocolVersion === 110 ? 110 : 100, { bigEndian: r.bigEndian });
          phase = r.dataProtocolVersion === 110 ? 'patterns' : 'archive';
        }
        if (phase === 'archive') {
          const header = readArchiveHeader(buffer, offset, buffer.length);
          if (!header) return;
          const sent = parseStreamInfo(header.shortinfo, `LSL stream '${info.name}' feed header`);
          if (sent.uid !== info.uid) throw new CoreError('failed', `LSL stream '${info.name}': the outlet serves another stream`);
          offset = header.next;
          phase = 'patterns';
        }
        const r = reader as LslSampleReader;
        while (phase === 'patterns') {
          const next = r.read(buffer, offset, buffer.length);
          if (next < 0) return;
          offset = next;
          const expected = lslTestPattern(info.channelFormat, info.channelCount, patternsSeen === 0 ? 4 : 2);
          if (!samplesEqual(info.channelFormat, expected, r.sample())) {
            throw new CoreError('bad-input', `LSL stream '${info.name}': the test-pattern samples do not match the specification (incompatible protocol)`);
          }
          if (++patternsSeen === 2) {
            phase = 'streaming';
            settle(null);
          }
        }
        this.decode(r, buffer, offset, (next) => (offset = next));
      };
      socket.on('data', (chunk: Buffer) => {
        buffer = offset >= buffer.length ? chunk : Buffer.concat([buffer.subarray(offset), chunk]);
        offset = 0;
        try {
          handle(false);
          const pending = buffer.length - offset;
          const limit = this.options.maxSampleBytes ?? MAX_SAMPLE_BYTES;
          if (pending > limit) throw new CoreError('bad-input', `LSL stream '${info.name}': ${pending} bytes without a complete sample, more than the ${limit} accepted`);
        } catch (error) {
          const message = (error as Error).message;
          socket.destroy();
          if (!settled) settle(error as Error);
          else this.fatal(`${message}; disconnected`);
        }
      });
      socket.on('end', () => {
        if (!settled && phase === 'response') {
          try {
            handle(true);
          } catch (error) {
            settle(error as Error);
          }
        }
      });
      socket.on('error', (error) => settle(new CoreError('failed', `LSL stream '${info.name}': ${error.message} (${this.address}:${info.v4dataPort})`)));
      socket.on('close', () => {
        if (!settled) settle(new CoreError('failed', `LSL stream '${info.name}': the outlet closed the connection during the handshake`));
        else if (this.socket === socket && this.running) void this.recover('the connection was lost');
      });
    });
  }

  /** Decodes every complete sample in the buffer and delivers them as one chunk. */
  private decode(reader: LslSampleReader, buffer: Buffer, offset: number, setOffset: (offset: number) => void): void {
    const { channelCount, nominalSrate, channelFormat } = this.info;
    const strings: string[] = [];
    let n = 0;
    let at = offset;
    for (;;) {
      const next = reader.read(buffer, at, buffer.length);
      if (next < 0) break;
      at = next;
      const remote = reader.timestamp ?? this.lastRemoteTimestamp + (nominalSrate > 0 ? 1 / nominalSrate : 0);
      this.lastRemoteTimestamp = remote;
      if (n === this.scratchTimes.length) this.growScratch(channelCount);
      this.scratchTimes[n] = remote + this.correction;
      if (channelFormat === 'string') strings.push(...reader.strings);
      else this.scratchValues.set(reader.values, n * channelCount);
      n++;
    }
    setOffset(at);
    if (n === 0) return;
    const timestamps = this.scratchTimes.slice(0, n);
    this.lastDataAt = Date.now();
    if (this.stalled) {
      this.stalled = false;
      this.listener?.status('info', `LSL stream '${this.info.name}' is sending again`);
    }
    let lostBefore = 0;
    if (this.lastDelivered !== null && this.pendingGapCheck && nominalSrate > 0) {
      lostBefore = Math.max(0, Math.round((timestamps[0] - this.lastDelivered) * nominalSrate) - 1);
    }
    this.pendingGapCheck = false;
    this.lastDelivered = timestamps[timestamps.length - 1];
    this.listener?.chunk({
      nSamples: n,
      timestamps,
      values: channelFormat === 'string' ? null : this.scratchValues.slice(0, n * channelCount),
      strings: channelFormat === 'string' ? strings : null,
      lostBefore,
    });
  }

  private pendingGapCheck = false;
  private scratchTimes = new Float64Array(0);
  private scratchValues = new Float64Array(0);

  private growScratch(channelCount: number): void {
    const times = new Float64Array(Math.max(64, this.scratchTimes.length * 2));
    times.set(this.scratchTimes);
    const values = new Float64Array(times.length * channelCount);
    values.set(this.scratchValues.subarray(0, Math.min(this.scratchValues.length, values.length)));
    this.scratchTimes = times;
    this.scratchValues = values;
  }

  private checkWatchdog(): void {
    if (!this.running || this.recovering || this.info.nominalSrate <= 0) return;
    const silent = Date.now() - this.lastDataAt;
    if (silent > 1000 && !this.stalled) {
      this.stalled = true;
      this.listener?.status('stalled', `LSL stream '${this.info.name}' has sent nothing for ${(silent / 1000).toFixed(1)} s`);
    }
    if (silent > (this.options.watchdogMs ?? 15_000)) {
      this.socket?.destroy(); // the close handler starts the recovery
    }
  }

  private fatal(message: string): void {
    if (!this.running) return;
    void this.stop();
    this.listener?.fault(message);
  }

  /** liblsl's recovery: look for the same stream (same uid), or a single replacement with the same name, type, source id, channel count and format. */
  private async recover(reason: string): Promise<void> {
    if (this.recovering || !this.running) return;
    this.recovering = true;
    this.socket = null;
    this.pendingGapCheck = true;
    const info = this.info;
    this.listener?.status('reconnecting', `LSL stream '${info.name}': ${reason}; reconnecting`);
    const deadline = Date.now() + (this.options.recoverForMs ?? 60_000);
    const quote = (v: string) => (v.includes("'") ? `"${v}"` : `'${v}'`);
    let query = `channel_count=${quote(String(info.channelCount))} and name=${quote(info.name)}`;
    if (info.type) query += ` and type=${quote(info.type)}`;
    if (info.sourceId) query += ` and source_id=${quote(info.sourceId)}`;
    query += ` and channel_format=${quote(info.channelFormat)}`;
    try {
      while (this.running && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, RECONNECT_DELAY_MS));
        if (!this.running) return;
        const found = await resolveLslStreams(query, { network: this.options.network, timeoutMs: 1000, minimum: 1, log: this.log });
        if (!this.running) return;
        const same = found.find((s) => s.info.uid === info.uid);
        const pick = same ?? (found.length === 1 ? found[0] : null);
        if (!pick) {
          if (found.length > 1) this.listener?.status('info', `LSL stream '${info.name}': ${found.length} streams could replace it (${found.map((s) => s.info.hostname).join(', ')}); close all but one`);
          continue;
        }
        try {
          if (pick.info.uid !== this.info.uid) {
            this.info = await fetchFullInfo(pick.address, pick.info.v4dataPort);
            this.address = pick.address;
            // another outlet, perhaps on another machine: measure its clock before taking samples
            this.correction = 0;
            this.uncertainty = Infinity;
            await this.clockWave();
          }
          this.address = pick.address;
          await this.connect();
          this.lastDataAt = Date.now();
          this.listener?.status('resumed', `LSL stream '${info.name}' resumed${pick.info.uid !== info.uid ? ` from ${pick.info.hostname}` : ''}`);
          return;
        } catch (error) {
          if (error instanceof CoreError && error.code === 'bad-input') {
            this.fatal((error as Error).message);
            return;
          }
          this.log(`LSL stream '${info.name}': reconnection failed: ${(error as Error).message}`);
        }
      }
      if (this.running) this.fatal(`LSL stream '${info.name}' was lost and not found again within ${Math.round((this.options.recoverForMs ?? 60_000) / 1000)} s`);
    } finally {
      this.recovering = false;
    }
  }

  // ---- clock offset ----

  private async startClock(): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, bindAddress(this.network), () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    socket.on('message', (msg) => {
      const t3 = lslClock();
      try {
        const reply = parseTimeReply(msg);
        if (reply.waveId !== this.waveId) return;
        this.probes.push(probeEstimate(reply.t0, reply.t1, reply.t2, t3));
      } catch (error) {
        this.log(`LSL stream '${this.info.name}': dropped a malformed clock reply: ${(error as Error).message}`);
      }
    });
    this.clockSocket = socket;
    const first = this.clockWave();
    this.clockTimer = setInterval(() => void this.clockWave(), this.options.clockIntervalMs ?? 2000);
    await first;
  }

  /** Sends one wave of probes and, when enough came back, updates the correction. */
  private async clockWave(): Promise<void> {
    const socket = this.clockSocket;
    if (!socket || this.info.v4servicePort === 0) return;
    this.waveId = Math.floor(Math.random() * 2 ** 31);
    this.probes = [];
    const wave = this.waveId;
    for (let i = 0; i < PROBES_PER_WAVE; i++) {
      if (this.clockSocket !== socket) return;
      socket.send(encodeTimeRequest(wave, lslClock()), this.info.v4servicePort, this.address, () => undefined);
      await new Promise((r) => setTimeout(r, PROBE_SPACING_MS));
    }
    await new Promise((r) => setTimeout(r, PROBE_WAIT_MS - PROBE_SPACING_MS * PROBES_PER_WAVE));
    if (this.waveId !== wave) return;
    const estimate = timeCorrection(this.probes);
    if (estimate) {
      this.correction = estimate.correction;
      this.uncertainty = estimate.uncertainty;
    }
  }
}
