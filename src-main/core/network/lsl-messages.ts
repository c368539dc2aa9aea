// LSL's text messages: discovery queries and replies (UDP), clock probes (UDP), stream-feed requests and responses (TCP).
import { badInput } from '../errors.ts';
import { LSL_PROTOCOL_VERSION } from './lsl-stream-info.ts';

/** UDP port of the discovery responders (liblsl's `ports.MulticastPort`). */
export const LSL_MULTICAST_PORT = 16571;
/** First port of the range where outlets bind their UDP service and TCP data ports (`ports.BasePort`, `ports.PortRange`). */
export const LSL_BASE_PORT = 16572;
export const LSL_PORT_RANGE = 32;
/** Discovery addresses of liblsl's scopes: this machine, the local link (broadcast and multicast), the site. */
export const LSL_SCOPE_ADDRESSES = {
  machine: ['127.0.0.1'],
  link: ['255.255.255.255', '224.0.0.1', '224.0.0.183'],
  site: ['239.255.172.215'],
} as const;
/** Largest datagram or header block accepted from a peer. */
export const LSL_MAX_TEXT_MESSAGE = 64 * 1024;

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** C++'s `precision(16)` output of a double, which every LSL peer reads back with `>>`. */
export function lslNumber(value: number): string {
  return String(Number(value.toPrecision(16)));
}

// ---- discovery ----

export interface LslQueryDatagram {
  query: string;
  returnPort: number;
  queryId: string;
}

/** `LSL:shortinfo\r\n<query>\r\n<return port> <query id>\r\n` */
export function encodeQuery(q: LslQueryDatagram): Uint8Array {
  return encoder.encode(`LSL:shortinfo\r\n${q.query}\r\n${q.returnPort} ${q.queryId}\r\n`);
}

/** The method line of a datagram sent to an outlet's UDP ports (`LSL:shortinfo`, `LSL:timedata`, ...). */
export function datagramMethod(bytes: Uint8Array): string {
  const text = decoder.decode(bytes.subarray(0, Math.min(bytes.length, 64)));
  return text.split('\n', 1)[0].trim();
}

export function parseQuery(bytes: Uint8Array): LslQueryDatagram {
  if (bytes.length > LSL_MAX_TEXT_MESSAGE) throw badInput(`LSL query: ${bytes.length} bytes, more than ${LSL_MAX_TEXT_MESSAGE}`);
  const lines = decoder.decode(bytes).split('\n');
  if (lines[0].trim() !== 'LSL:shortinfo') throw badInput(`LSL query: method '${lines[0].trim().slice(0, 40)}', expected LSL:shortinfo`);
  if (lines.length < 3) throw badInput('LSL query: expected the method, query, and "port id" lines');
  const query = lines[1].trim();
  const [portText, queryId = ''] = lines.slice(2).join(' ').trim().split(/\s+/);
  const returnPort = Number(portText);
  if (!Number.isInteger(returnPort) || returnPort < 1 || returnPort > 65535) throw badInput(`LSL query: return port '${portText}', expected 1 to 65535`);
  return { query, returnPort, queryId };
}

/** The answer to a query: the query id, CR LF, then the stream's short info XML. */
export function encodeQueryReply(queryId: string, shortinfo: string): Uint8Array {
  return encoder.encode(`${queryId}\r\n${shortinfo}`);
}

export function parseQueryReply(bytes: Uint8Array): { queryId: string; shortinfo: string } {
  if (bytes.length > LSL_MAX_TEXT_MESSAGE) throw badInput(`LSL query reply: ${bytes.length} bytes, more than ${LSL_MAX_TEXT_MESSAGE}`);
  const text = decoder.decode(bytes);
  const newline = text.indexOf('\n');
  if (newline < 0) throw badInput('LSL query reply: no line with the query id');
  return { queryId: text.slice(0, newline).trim(), shortinfo: text.slice(newline + 1) };
}

// ---- clock probes ----

/** `LSL:timedata\r\n<wave id> <t0>\r\n`: t0 is the sender's clock (seconds) when sent. */
export function encodeTimeRequest(waveId: number, t0: number): Uint8Array {
  return encoder.encode(`LSL:timedata\r\n${waveId} ${lslNumber(t0)}\r\n`);
}

export function parseTimeRequest(bytes: Uint8Array): { waveId: number; t0: number } {
  const lines = decoder.decode(bytes.subarray(0, Math.min(bytes.length, 512))).split('\n');
  if (lines[0].trim() !== 'LSL:timedata') throw badInput(`LSL time request: method '${lines[0].trim().slice(0, 40)}', expected LSL:timedata`);
  const [waveText, t0Text] = (lines[1] ?? '').trim().split(/\s+/);
  const waveId = Number(waveText);
  const t0 = Number(t0Text);
  if (!Number.isInteger(waveId) || !Number.isFinite(t0)) throw badInput(`LSL time request: '${(lines[1] ?? '').trim().slice(0, 60)}', expected "<wave id> <time>"`);
  return { waveId, t0 };
}

/** ` <wave id> <t0> <t1> <t2>`: t1 when the request arrived, t2 when the reply left (the outlet's clock). */
export function encodeTimeReply(waveId: number, t0: number, t1: number, t2: number): Uint8Array {
  return encoder.encode(` ${waveId} ${lslNumber(t0)} ${lslNumber(t1)} ${lslNumber(t2)}`);
}

export function parseTimeReply(bytes: Uint8Array): { waveId: number; t0: number; t1: number; t2: number } {
  const parts = decoder.decode(bytes.subarray(0, Math.min(bytes.length, 512))).trim().split(/\s+/).map(Number);
  if (parts.length < 4 || !Number.isInteger(parts[0]) || parts.slice(1, 4).some((v) => !Number.isFinite(v))) {
    throw badInput('LSL time reply: expected "<wave id> <t0> <t1> <t2>"');
  }
  return { waveId: parts[0], t0: parts[1], t1: parts[2], t2: parts[3] };
}

/** One probe's round-trip time and clock offset (remote minus local), NTP style; t3 is the local clock when the reply came. */
export function probeEstimate(t0: number, t1: number, t2: number, t3: number): { rtt: number; offset: number; localTime: number; remoteTime: number } {
  return { rtt: (t3 - t0) - (t2 - t1), offset: ((t1 - t0) + (t2 - t3)) / 2, localTime: (t3 + t0) / 2, remoteTime: (t2 + t1) / 2 };
}

/**
 * The time correction from one wave of probes, as liblsl computes it: the probe with the smallest
 * round-trip time wins, and the correction (added to the outlet's time stamps to get local time) is minus
 * its offset. Null when fewer than `minProbes` replies came.
 */
export function timeCorrection(probes: readonly { rtt: number; offset: number }[], minProbes = 6): { correction: number; uncertainty: number } | null {
  if (probes.length < minProbes) return null;
  let best = probes[0];
  for (const p of probes) if (p.rtt < best.rtt) best = p;
  return { correction: -best.offset, uncertainty: best.rtt };
}

// ---- stream feed (TCP) ----

export interface FeedRequest110 {
  protocolVersion: number;
  uid: string;
  headers: Record<string, string>;
}

/** What an inlet sends to open a 1.10 feed: `LSL:streamfeed/110 <uid>` then `Key: value` lines and an empty line. */
export function encodeFeedRequest110(uid: string, fields: { valueSize: number; maxBufferLength: number; maxChunkLength: number; hostname: string; sourceId: string; sessionId: string; supportsSubnormals: boolean }): Uint8Array {
  const lines = [
    `LSL:streamfeed/${LSL_PROTOCOL_VERSION} ${uid}`,
    'Native-Byte-Order: 1234',
    'Endian-Performance: 0',
    'Has-IEEE754-Floats: 1',
    `Supports-Subnormals: ${fields.supportsSubnormals ? 1 : 0}`,
    `Value-Size: ${fields.valueSize}`,
    `Data-Protocol-Version: ${LSL_PROTOCOL_VERSION}`,
    `Max-Buffer-Length: ${fields.maxBufferLength}`,
    `Max-Chunk-Length: ${fields.maxChunkLength}`,
    `Hostname: ${fields.hostname}`,
    `Source-Id: ${fields.sourceId}`,
    `Session-Id: ${fields.sessionId}`,
  ];
  return encoder.encode(lines.join('\r\n') + '\r\n\r\n');
}

/** What an inlet sends to open a 1.00 feed: `LSL:streamfeed` then `<max buffered> <chunk granularity>`. */
export function encodeFeedRequest100(maxBufferLength: number, maxChunkLength: number): Uint8Array {
  return encoder.encode(`LSL:streamfeed\r\n${maxBufferLength} ${maxChunkLength}\r\n`);
}

/** `Key: value` lines (comments after `;` dropped, keys lower-cased) up to the first empty line. */
export function parseHeaderLines(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const withoutComment = line.split(';', 1)[0];
    headers[withoutComment.slice(0, colon).trim().toLowerCase()] = withoutComment.slice(colon + 1).trim();
  }
  return headers;
}

/** The outlet's parsed view of a request block that starts with a method line. */
export type OutletRequest =
  | { kind: 'feed'; protocolVersion: number; uid: string; headers: Record<string, string>; maxBufferLength: number; maxChunkLength: number }
  | { kind: 'fullinfo' }
  | { kind: 'shortinfo'; query: string };

/**
 * Finds a complete request at the start of `bytes` (a TCP connection to an outlet). Returns null when more
 * bytes are needed; throws a `bad-input` CoreError on an unknown method or a request over 64 KiB.
 */
export function parseOutletRequest(bytes: Uint8Array): { request: OutletRequest; consumed: number } | null {
  const text = decoder.decode(bytes.subarray(0, Math.min(bytes.length, LSL_MAX_TEXT_MESSAGE)));
  const firstEnd = text.indexOf('\r\n');
  if (firstEnd < 0) {
    if (bytes.length >= LSL_MAX_TEXT_MESSAGE) throw badInput(`LSL request: no line end in the first ${LSL_MAX_TEXT_MESSAGE} bytes`);
    return null;
  }
  const method = text.slice(0, firstEnd).trim();
  const byteLength = (s: string) => encoder.encode(s).length;
  if (method === 'LSL:fullinfo') return { request: { kind: 'fullinfo' }, consumed: byteLength(text.slice(0, firstEnd + 2)) };
  if (method === 'LSL:shortinfo' || method === 'LSL:streamfeed') {
    const secondEnd = text.indexOf('\r\n', firstEnd + 2);
    if (secondEnd < 0) return tooLong(bytes);
    const line = text.slice(firstEnd + 2, secondEnd).trim();
    const consumed = byteLength(text.slice(0, secondEnd + 2));
    if (method === 'LSL:shortinfo') return { request: { kind: 'shortinfo', query: line }, consumed };
    const [buffered, chunk] = line.split(/\s+/).map(Number);
    return { request: { kind: 'feed', protocolVersion: 100, uid: '', headers: {}, maxBufferLength: Number.isFinite(buffered) ? buffered : 0, maxChunkLength: Number.isFinite(chunk) ? chunk : 0 }, consumed };
  }
  if (method.startsWith('LSL:streamfeed/')) {
    const blockEnd = text.indexOf('\r\n\r\n');
    if (blockEnd < 0) return tooLong(bytes);
    const [versionPart, uid = ''] = method.split(/\s+/);
    const protocolVersion = Number(versionPart.slice('LSL:streamfeed/'.length));
    if (!Number.isInteger(protocolVersion) || protocolVersion <= 0) throw badInput(`LSL request: protocol version '${versionPart.slice(15)}' is not a number`);
    const headers = parseHeaderLines(text.slice(firstEnd + 2, blockEnd + 2).split('\n'));
    const number = (key: string) => (headers[key] !== undefined && Number.isFinite(Number(headers[key])) ? Number(headers[key]) : 0);
    return {
      request: { kind: 'feed', protocolVersion, uid, headers, maxBufferLength: number('max-buffer-length'), maxChunkLength: number('max-chunk-length') },
      consumed: byteLength(text.slice(0, blockEnd + 4)),
    };
  }
  throw badInput(`LSL request: unknown method '${method.slice(0, 40)}'`);
}

function tooLong(bytes: Uint8Array): null {
  if (bytes.length >= LSL_MAX_TEXT_MESSAGE) throw badInput(`LSL request: no complete request in the first ${LSL_MAX_TEXT_MESSAGE} bytes`);
  return null;
}

/** The outlet's answer to a 1.10 feed request: status line and parameters. */
export function encodeFeedResponse110(uid: string, dataProtocolVersion: number): Uint8Array {
  return encoder.encode(`LSL/${LSL_PROTOCOL_VERSION} 200 OK\r\nUID: ${uid}\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\nData-Protocol-Version: ${dataProtocolVersion}\r\n\r\n`);
}

/** An error status line (`LSL/110 404 Not found`, `LSL/110 505 Version not supported`). */
export function encodeFeedError(code: 404 | 505): Uint8Array {
  return encoder.encode(`LSL/${LSL_PROTOCOL_VERSION} ${code} ${code === 404 ? 'Not found' : 'Version not supported'}`);
}

export interface FeedResponse {
  status: number;
  message: string;
  uid: string;
  bigEndian: boolean;
  suppressSubnormals: boolean;
  dataProtocolVersion: number;
}

/**
 * Reads the outlet's answer to a 1.10 request from the start of `bytes`: null when incomplete, else the
 * parsed response and the bytes it took. A status of 400 or more is returned, not thrown (the caller decides);
 * `connectionEnded` reads a status line that the outlet sent without a line end before closing.
 */
export function parseFeedResponse(bytes: Uint8Array, connectionEnded = false): { response: FeedResponse; consumed: number } | null {
  const text = decoder.decode(bytes.subarray(0, Math.min(bytes.length, LSL_MAX_TEXT_MESSAGE)));
  // An error status is sent without a line end, then the outlet closes the connection.
  const firstEnd = text.indexOf('\n') >= 0 ? text.indexOf('\n') : connectionEnded ? text.length : -1;
  if (firstEnd < 0) return tooLong(bytes);
  const statusLine = text.slice(0, firstEnd).trim();
  const parts = statusLine.split(/\s+/);
  if (parts.length < 3 || !parts[0].startsWith('LSL/')) throw badInput(`LSL feed: malformed response line '${statusLine.slice(0, 60)}'`);
  const status = Number(parts[1]);
  if (!Number.isInteger(status)) throw badInput(`LSL feed: status '${parts[1]}' is not a number`);
  const base = { status, message: parts.slice(2).join(' '), uid: '', bigEndian: false, suppressSubnormals: false, dataProtocolVersion: 100 };
  if (status >= 300) return { response: base, consumed: bytes.length };
  const blockEnd = text.indexOf('\r\n\r\n');
  if (blockEnd < 0) return tooLong(bytes);
  const headers = parseHeaderLines(text.slice(firstEnd + 1, blockEnd + 2).split('\n'));
  const order = Number(headers['byte-order'] ?? '1234');
  if (order !== 1234 && order !== 4321 && order !== 0) throw badInput(`LSL feed: byte order ${headers['byte-order']}, expected 1234 or 4321`);
  const version = Number(headers['data-protocol-version'] ?? '100');
  if (version !== 100 && version !== 110) throw badInput(`LSL feed: data protocol ${headers['data-protocol-version']}, expected 100 or 110`);
  const flag = (v: string | undefined) => v === '1' || v?.toLowerCase() === 'true';
  return {
    response: { ...base, uid: headers.uid ?? '', bigEndian: order === 4321, suppressSubnormals: flag(headers['suppress-subnormals']), dataProtocolVersion: version },
    consumed: encoder.encode(text.slice(0, blockEnd + 4)).length,
  };
}
