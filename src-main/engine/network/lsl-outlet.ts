// An LSL outlet: answers discovery queries and clock probes over UDP and serves the data protocol (1.10 and 1.00) over TCP.
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import { CoreError } from '../../core/errors.ts';
import {
  datagramMethod, encodeFeedError, encodeFeedResponse110, encodeQueryReply, encodeTimeReply, parseOutletRequest, parseQuery, parseTimeRequest, type OutletRequest,
} from '../../core/network/lsl-messages.ts';
import { encodeBlock110, encodeSamples110, LslArchiveWriter, lslTestPattern, type LslSample } from '../../core/network/lsl-samples.ts';
import {
  LSL_PROTOCOL_VERSION, LSL_VALUE_BYTES, lslDescription, matchesQuery, streamInfoXml, type LslChannel, type LslChannelFormat, type LslStreamInfo,
} from '../../core/network/lsl-stream-info.ts';
import { bindAddress, lslClock, lslNetwork, multicastGroups, type LslNetworkConfig } from './lsl-network.ts';

export interface LslOutletSpec {
  name: string;
  type: string;
  channelFormat: LslChannelFormat;
  /** Samples per second; 0 for irregular streams (markers, classifier decisions). */
  nominalSrate: number;
  channels: LslChannel[];
  sourceId?: string;
  /** Written to `<desc><acquisition>`: manufacturer, model, description. */
  acquisition?: { manufacturer?: string; model?: string; description?: string };
}

export interface LslOutletOptions {
  network?: Partial<LslNetworkConfig>;
  /** Messages about peers (a malformed request, a slow consumer); nothing is thrown at the caller. */
  log?: (message: string) => void;
  /** Bytes waiting to go to one consumer before further samples are dropped for it. */
  maxPendingBytes?: number;
}

interface Consumer {
  socket: net.Socket;
  protocol: 100 | 110;
  dropped: number;
}

/** How long a connection may take to send its request. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Connections served at once (inlets, info requests); more are refused. */
const MAX_CONNECTIONS = 128;

export class LslOutlet {
  readonly info: LslStreamInfo;
  private readonly network: LslNetworkConfig;
  private readonly log: (message: string) => void;
  private readonly maxPendingBytes: number;
  private readonly consumers = new Set<Consumer>();
  private readonly sockets = new Set<net.Socket>();
  private readonly archive: LslArchiveWriter;
  private server: net.Server | null = null;
  private service: dgram.Socket | null = null;
  private responder: dgram.Socket | null = null;
  private closed = false;
  private shortinfo = '';
  private fullinfo = '';

  private constructor(spec: LslOutletSpec, options: LslOutletOptions) {
    this.network = lslNetwork(options.network);
    this.log = options.log ?? (() => undefined);
    this.maxPendingBytes = options.maxPendingBytes ?? 32 * 1024 * 1024;
    this.archive = new LslArchiveWriter(spec.channelFormat, true);
    this.info = {
      name: spec.name, type: spec.type, channelCount: spec.channels.length, nominalSrate: spec.nominalSrate, channelFormat: spec.channelFormat,
      sourceId: spec.sourceId ?? '', version: LSL_PROTOCOL_VERSION, createdAt: lslClock(), uid: randomUUID(), sessionId: this.network.sessionId,
      hostname: os.hostname(), v4address: '', v4dataPort: 0, v4servicePort: 0, v6address: '', v6dataPort: 0, v6servicePort: 0,
      desc: lslDescription(spec.channels, spec.acquisition),
    };
  }

  /** Binds the data and service ports (this machine only unless the network settings say otherwise) and starts answering. */
  static async open(spec: LslOutletSpec, options: LslOutletOptions = {}): Promise<LslOutlet> {
    if (spec.channels.length < 1) throw new CoreError('bad-input', `LSL outlet '${spec.name}': at least one channel is needed`);
    if (spec.name.trim() === '') throw new CoreError('bad-input', 'LSL outlet: the stream name is empty');
    const outlet = new LslOutlet(spec, options);
    try {
      await outlet.bind();
    } catch (error) {
      await outlet.close();
      throw error;
    }
    return outlet;
  }

  /** Connected inlets currently streaming. */
  get consumerCount(): number {
    return this.consumers.size;
  }

  /** Pushes channel-major numeric samples (`values[ch * nSamples + i]`); the first is taken at `firstTimestamp` (local LSL clock). */
  pushBlock(values: ArrayLike<number>, nSamples: number, firstTimestamp: number = lslClock()): void {
    if (this.closed || nSamples <= 0 || this.consumers.size === 0) return;
    const { channelFormat, channelCount, nominalSrate } = this.info;
    if (channelFormat === 'string') throw new CoreError('bad-input', `LSL outlet '${this.info.name}' carries strings; use pushSamples`);
    let bytes110: Uint8Array | null = null;
    let bytes100: Uint8Array | null = null;
    for (const c of this.consumers) {
      if (c.protocol === 110) {
        bytes110 ??= encodeBlock110(channelFormat, channelCount, nSamples, values, firstTimestamp, nominalSrate, nominalSrate > 0);
        this.send(c, bytes110, nSamples);
      } else {
        bytes100 ??= this.archive.samples(Array.from({ length: nSamples }, (_, i) => ({
          timestamp: i === 0 || nominalSrate === 0 ? firstTimestamp + (nominalSrate > 0 ? i / nominalSrate : 0) : null,
          values: Array.from({ length: channelCount }, (_, ch) => values[ch * nSamples + i]),
        })));
        this.send(c, bytes100, nSamples);
      }
    }
  }

  /** Pushes samples of any format (markers as strings); a null time stamp is deduced by the inlet. */
  pushSamples(samples: readonly LslSample[]): void {
    if (this.closed || samples.length === 0 || this.consumers.size === 0) return;
    for (const s of samples) {
      if (s.values.length !== this.info.channelCount) throw new CoreError('bad-input', `LSL outlet '${this.info.name}': a sample of ${s.values.length} values, the stream has ${this.info.channelCount} channels`);
    }
    let bytes110: Uint8Array | null = null;
    let bytes100: Uint8Array | null = null;
    for (const c of this.consumers) {
      if (c.protocol === 110) this.send(c, (bytes110 ??= encodeSamples110(this.info.channelFormat, samples)), samples.length);
      else this.send(c, (bytes100 ??= this.archive.samples(samples)), samples.length);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.consumers.clear();
    const closeSocket = (s: dgram.Socket | null) => new Promise<void>((resolve) => {
      if (!s) return resolve();
      try {
        s.close(() => resolve());
      } catch {
        resolve();
      }
    });
    await Promise.all([
      new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve())),
      closeSocket(this.service),
      closeSocket(this.responder),
    ]);
  }

  private send(c: Consumer, bytes: Uint8Array, nSamples: number): void {
    if (c.socket.destroyed) return;
    if (c.socket.writableLength > this.maxPendingBytes) {
      if (c.dropped === 0) this.log(`LSL outlet '${this.info.name}': an inlet at ${c.socket.remoteAddress} is not keeping up; samples are dropped for it`);
      c.dropped += nSamples;
      return;
    }
    c.socket.write(bytes);
  }

  private async bind(): Promise<void> {
    const address = bindAddress(this.network);
    const { basePort, portRange } = this.network;
    this.server = net.createServer((socket) => this.accept(socket));
    this.info.v4dataPort = await listenInRange(this.server, address, basePort, portRange);
    this.server.on('error', (error) => this.log(`LSL outlet '${this.info.name}': data server error: ${error.message}`));
    const service = await bindUdpInRange(address, basePort, portRange);
    this.service = service;
    service.on('message', (msg, rinfo) => this.datagram(service, msg, rinfo, true));
    service.on('error', (error) => this.log(`LSL outlet '${this.info.name}': service port error: ${error.message}`));
    this.info.v4servicePort = service.address().port;
    this.shortinfo = streamInfoXml(this.info, false);
    this.fullinfo = streamInfoXml(this.info, true);
    // The discovery responder shares the well-known port with every other outlet on the machine.
    const responder = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    responder.on('message', (msg, rinfo) => this.datagram(responder, msg, rinfo, false));
    responder.on('error', (error) => this.log(`LSL outlet '${this.info.name}': discovery port error: ${error.message}`));
    try {
      await new Promise<void>((resolve, reject) => {
        responder.once('error', reject);
        responder.bind(this.network.multicastPort, address, () => {
          responder.off('error', reject);
          resolve();
        });
      });
      for (const group of multicastGroups(this.network)) {
        try {
          responder.addMembership(group);
        } catch (error) {
          this.log(`LSL outlet '${this.info.name}': cannot join ${group}: ${(error as Error).message}`);
        }
      }
      this.responder = responder;
    } catch (error) {
      // Another program holds the port without sharing it: the outlet is still found through its service port.
      this.log(`LSL outlet '${this.info.name}': discovery port ${this.network.multicastPort} unavailable (${(error as Error).message}); found through port ${this.info.v4servicePort}`);
      responder.close();
    }
  }

  private datagram(socket: dgram.Socket, msg: Buffer, rinfo: dgram.RemoteInfo, timeServices: boolean): void {
    const received = lslClock();
    if (this.closed) return;
    try {
      const method = datagramMethod(msg);
      if (method === 'LSL:shortinfo') {
        const query = parseQuery(msg);
        if (matchesQueryQuietly(this.info, query.query)) socket.send(encodeQueryReply(query.queryId, this.shortinfo), query.returnPort, rinfo.address);
      } else if (method === 'LSL:timedata' && timeServices) {
        const { waveId, t0 } = parseTimeRequest(msg);
        socket.send(encodeTimeReply(waveId, t0, received, lslClock()), rinfo.port, rinfo.address);
      } else {
        this.log(`LSL outlet '${this.info.name}': ignored a datagram from ${rinfo.address} with method '${method.slice(0, 40)}'`);
      }
    } catch (error) {
      this.log(`LSL outlet '${this.info.name}': ignored a malformed datagram from ${rinfo.address}: ${(error as Error).message}`);
    }
  }

  private accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (this.sockets.size >= MAX_CONNECTIONS) {
      this.log(`LSL outlet '${this.info.name}': refused a connection from ${socket.remoteAddress}: ${MAX_CONNECTIONS} already open`);
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let handled = false;
    const timer = setTimeout(() => {
      if (!handled) socket.destroy();
    }, REQUEST_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      if (handled) return; // inlets send nothing after their request
      pending = Buffer.concat([pending, chunk]);
      try {
        const parsed = parseOutletRequest(pending);
        if (!parsed) return;
        handled = true;
        clearTimeout(timer);
        this.serve(socket, parsed.request);
      } catch (error) {
        handled = true;
        clearTimeout(timer);
        this.log(`LSL outlet '${this.info.name}': dropped ${socket.remoteAddress}: ${(error as Error).message}`);
        socket.destroy();
      }
    });
    const forget = () => {
      clearTimeout(timer);
      this.sockets.delete(socket);
      for (const c of this.consumers) if (c.socket === socket) this.consumers.delete(c);
    };
    socket.on('close', forget);
    socket.on('error', () => socket.destroy());
  }

  private serve(socket: net.Socket, request: OutletRequest): void {
    if (request.kind === 'fullinfo') {
      socket.end(this.fullinfo);
      return;
    }
    if (request.kind === 'shortinfo') {
      if (matchesQueryQuietly(this.info, request.query)) socket.end(this.shortinfo);
      else socket.end();
      return;
    }
    if (Math.floor(request.protocolVersion / 100) > Math.floor(LSL_PROTOCOL_VERSION / 100)) {
      socket.end(encodeFeedError(505));
      return;
    }
    if (request.uid !== '' && request.uid !== this.info.uid) {
      socket.end(encodeFeedError(404));
      return;
    }
    const format = this.info.channelFormat;
    const parts: Uint8Array[] = [];
    let protocol: 100 | 110 = 100;
    if (request.protocolVersion >= 110) {
      const h = request.headers;
      const asked = Number(h['protocol-version'] ?? h['data-protocol-version'] ?? request.protocolVersion);
      const valueSize = h['value-size'] !== undefined ? Number(h['value-size']) : LSL_VALUE_BYTES[format];
      const ieee = h['has-ieee754-floats'] === undefined || h['has-ieee754-floats'] === '1' || h['has-ieee754-floats'] === 'true';
      protocol = asked >= 110 && ieee && (format === 'string' || valueSize === LSL_VALUE_BYTES[format]) ? 110 : 100;
      parts.push(encodeFeedResponse110(this.info.uid, protocol));
    }
    const patterns = [lslTestPattern(format, this.info.channelCount, 4), lslTestPattern(format, this.info.channelCount, 2)];
    if (protocol === 110) parts.push(encodeSamples110(format, patterns));
    else {
      const writer = new LslArchiveWriter(format);
      parts.push(writer.header(this.shortinfo), writer.samples(patterns));
    }
    socket.write(Buffer.concat(parts));
    if (request.maxBufferLength <= 0) {
      socket.end();
      return;
    }
    this.consumers.add({ socket, protocol, dropped: 0 });
  }
}

function matchesQueryQuietly(info: LslStreamInfo, query: string): boolean {
  try {
    return matchesQuery(info, query);
  } catch {
    return false; // as liblsl: a query we cannot evaluate matches nothing
  }
}

async function listenInRange(server: net.Server, address: string, base: number, range: number): Promise<number> {
  for (const port of [...Array.from({ length: range }, (_, i) => base + i), 0]) {
    const ok = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      server.once('error', onError);
      server.listen(port, address, () => {
        server.off('error', onError);
        resolve(true);
      });
    });
    if (ok) return (server.address() as net.AddressInfo).port;
  }
  throw new CoreError('failed', `LSL outlet: no TCP port free on ${address}`);
}

/** A UDP socket bound to the first free port of the range (a random port when all are taken). */
export async function bindUdpInRange(address: string, base: number, range: number): Promise<dgram.Socket> {
  for (const port of [...Array.from({ length: range }, (_, i) => base + i), 0]) {
    const socket = dgram.createSocket({ type: 'udp4' });
    const ok = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      socket.once('error', onError);
      socket.bind(port, address, () => {
        socket.off('error', onError);
        resolve(true);
      });
    });
    if (ok) return socket;
    try {
      socket.close();
    } catch {
      // never bound
    }
  }
  throw new CoreError('failed', `LSL outlet: no UDP port free on ${address}`);
}
