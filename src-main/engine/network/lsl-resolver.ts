// Finds LSL streams: discovery queries in waves over UDP (this machine unless configured), and a stream's full description over TCP.
import dgram from 'node:dgram';
import net from 'node:net';
import { encodeQuery, parseQueryReply } from '../../core/network/lsl-messages.ts';
import { parseStreamInfo, type LslStreamInfo } from '../../core/network/lsl-stream-info.ts';
import { bindAddress, discoveryTargets, lslNetwork, type LslNetworkConfig } from './lsl-network.ts';

export interface ResolvedStream {
  info: LslStreamInfo;
  /** The address to connect to: the stream's v4address, else where its answer came from. */
  address: string;
}

export interface ResolveOptions {
  network?: Partial<LslNetworkConfig>;
  /** Give up after this long. */
  timeoutMs: number;
  /** Return as soon as this many streams answered (and `graceMs` passed for duplicates); 0 waits the whole timeout. */
  minimum?: number;
  graceMs?: number;
  /** Messages about malformed answers (dropped). */
  log?: (message: string) => void;
}

/** Time between query waves (liblsl repeats its queries until the resolve ends). */
const WAVE_MS = 500;
/** Distinct streams kept from one resolve (a flood of made-up answers cannot grow it further). */
const MAX_RESULTS = 1000;

/** The query liblsl builds for a property: `session_id='default' and name='EEG'`. */
export function lslQuery(sessionId: string, property?: string, value?: string): string {
  const quote = (v: string) => (v.includes("'") ? `"${v}"` : `'${v}'`);
  return `session_id=${quote(sessionId)}` + (property && value !== undefined ? ` and ${property}=${quote(value)}` : '');
}

/** Streams matching `query` that answered within the options' time. */
export async function resolveLslStreams(query: string, options: ResolveOptions): Promise<ResolvedStream[]> {
  const config = lslNetwork(options.network);
  const log = options.log ?? (() => undefined);
  const results = new Map<string, ResolvedStream>();
  const socket = dgram.createSocket({ type: 'udp4' });
  const queryId = String(Math.floor(Math.random() * 2 ** 52));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, bindAddress(config), () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => undefined); // unreachable targets must not end the resolve
  if (config.scope !== 'machine') {
    socket.setBroadcast(true);
    socket.setMulticastTTL(config.scope === 'link' ? 1 : 24);
  }
  const message = encodeQuery({ query, returnPort: socket.address().port, queryId });
  const targets = discoveryTargets(config);
  return new Promise<ResolvedStream[]>((resolve) => {
    let graceTimer: ReturnType<typeof setTimeout> | null = null;
    const finish = () => {
      clearInterval(waves);
      clearTimeout(deadline);
      if (graceTimer) clearTimeout(graceTimer);
      socket.close();
      resolve([...results.values()]);
    };
    socket.on('message', (msg, rinfo) => {
      try {
        const reply = parseQueryReply(msg);
        if (reply.queryId !== queryId) return;
        const info = parseStreamInfo(reply.shortinfo, `LSL stream info from ${rinfo.address}`);
        if (!results.has(info.uid)) {
          if (results.size >= MAX_RESULTS) return;
          results.set(info.uid, { info, address: info.v4address || rinfo.address });
        }
        const minimum = options.minimum ?? 0;
        if (minimum > 0 && results.size >= minimum && !graceTimer) graceTimer = setTimeout(finish, options.graceMs ?? 250);
      } catch (error) {
        log(`LSL discovery: dropped an answer from ${rinfo.address}: ${(error as Error).message}`);
      }
    });
    const sendWave = () => {
      for (const t of targets) socket.send(message, t.port, t.address, () => undefined);
    };
    sendWave();
    const waves = setInterval(sendWave, WAVE_MS);
    const deadline = setTimeout(finish, options.timeoutMs);
  });
}

/** Largest full description accepted. */
const MAX_FULLINFO_BYTES = 4 * 1024 * 1024;

/** Asks an outlet for its full description (`LSL:fullinfo`), with the `<desc>` that holds channel labels and units. */
export function fetchFullInfo(address: string, port: number, timeoutMs = 5000): Promise<LslStreamInfo> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    const chunks: Buffer[] = [];
    let bytes = 0;
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.setTimeout(timeoutMs, () => fail(`LSL: no description from ${address}:${port} within ${timeoutMs} ms`));
    socket.on('connect', () => socket.write('LSL:fullinfo\r\n'));
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_FULLINFO_BYTES) return fail(`LSL: the description from ${address}:${port} is over ${MAX_FULLINFO_BYTES} bytes`);
      chunks.push(chunk);
    });
    socket.on('error', (error) => fail(`LSL: cannot read the description from ${address}:${port}: ${error.message}`));
    socket.on('end', () => {
      try {
        resolve(parseStreamInfo(Buffer.concat(chunks).toString('utf8'), `LSL full info from ${address}:${port}`));
      } catch (error) {
        reject(error);
      } finally {
        socket.destroy();
      }
    });
  });
}
