// The headless host: the built renderer and the contract over a token-guarded WebSocket on 127.0.0.1.
import http from 'node:http';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { err } from '../contract/errors.ts';
import { stampRelayedTime } from '../contract/signal-frame.ts';
import { parseWireMessage, type EventMessage, type ReplyMessage } from '../contract/wire.ts';
import { ApiService } from '../services/api-service.ts';
import { EngineSupervisor, type EngineLauncher, type EngineSupervisorOptions } from '../services/engine-supervisor.ts';
import { nodeEngineLauncher } from '../services/node-engine-launcher.ts';
import { softwareVersion } from '../services/version.ts';
import {
  contentSecurityPolicy, cookieValue, createToken, httpOrigin, isWildcardAddress, parseRequestTarget, staticFilePath, TOKEN_COOKIE, tokensMatch,
} from './security.ts';

export const defaultRendererDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

/** A client whose socket holds more than this is skipped for frames rather than let memory grow. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Largest WebSocket message accepted; a larger one closes that socket (1009), nothing else. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** WebSocket connections open at once; one more is answered 503. */
export const MAX_CONNECTIONS = 32;
/** Jobs (queued or running) one connection may have at once; one more `features.start` is refused. */
export const MAX_ACTIVE_JOBS_PER_CLIENT = 8;
/** Contract methods that queue a job whose id the reply carries. */
const jobMethods = new Set(['features.start']);

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface HostOptions {
  dataDir: string;
  port?: number;
  /** 127.0.0.1 unless explicitly told otherwise; the token is required either way. */
  bindAddress?: string;
  rendererDir?: string;
  launchEngine?: EngineLauncher;
  /** Engine watchdog timing (tests shorten it); the supervisor's defaults otherwise. */
  engineWatchdog?: Pick<EngineSupervisorOptions, 'heartbeatIntervalMs' | 'heartbeatTimeoutMs' | 'restartDelaysMs'>;
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  token: string;
  port: number;
  api: ApiService;
  engine: EngineSupervisor;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const log = options.log ?? (() => undefined);
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir);
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const token = createToken();
  const sockets = new Set<WebSocket>();
  const guard = (what: string, error: unknown) => log(`host: ${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);

  const broadcastText = (message: EventMessage) => {
    const text = JSON.stringify(message);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };

  const engine = new EngineSupervisor({
    ...options.engineWatchdog,
    launch: options.launchEngine ?? nodeEngineLauncher(),
    onEngineStatus: (status) => api.emit('engine.status', status),
    onAcquisitionStatus: (status) => api.emit('acquisition.status', status),
    onFrame: (frame) => {
      // The relay time lets the window tell the host's share of a frame's delay from the socket's.
      stampRelayedTime(frame, performance.timeOrigin + performance.now());
      for (const socket of sockets) {
        if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) socket.send(frame, { binary: true });
      }
    },
  });
  const api: ApiService = new ApiService({ dataDir: options.dataDir, transport: 'host', version: softwareVersion(), engine, log });
  api.onEvent((event, payload) => broadcastText({ kind: 'event', event, payload }));

  let origin = '';
  let port = 0;
  const server = http.createServer((request, response) => {
    serveStatic(request, response).catch((error: unknown) => {
      guard(`${request.method} request`, error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  /** Origins a page of this host can have: the bound address, or every interface's for a wildcard bind. */
  function allowedOrigin(requestOrigin: string): boolean {
    if (requestOrigin === origin) return true;
    if (!isWildcardAddress(bindAddress)) return false;
    return Object.values(networkInterfaces()).flat().some((iface) => iface !== undefined && httpOrigin(iface.address, port) === requestOrigin);
  }

  async function serveStatic(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = parseRequestTarget(request.url, origin);
    if (!url) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end('Bad request target.\n');
      return;
    }
    const queryToken = url.searchParams.get('token');
    const authorised = tokensMatch(token, queryToken) || tokensMatch(token, cookieValue(request.headers.cookie, TOKEN_COOKIE));
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(origin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (!authorised) {
      response.writeHead(401, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('NeuroFeat: this address needs the token printed by `neurofeat serve`.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    if (tokensMatch(token, queryToken)) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    const file = staticFilePath(rendererDir, url.pathname);
    if (!file) {
      response.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Bad path.\n');
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { ...headers, 'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      const missingBuild = !existsSync(path.join(rendererDir, 'index.html'));
      response.writeHead(missingBuild ? 503 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(missingBuild ? `The renderer is not built (${rendererDir} is empty): run npm run build.\n` : 'Not found.\n');
    }
  }

  // Node answers unparsable requests 400 itself; a reset socket must not become an unhandled 'error'.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', (error) => log(`host: WebSocket upgrade socket: ${error.message}`));
    try {
      upgrade(request, socket, head);
    } catch (error) {
      guard('WebSocket upgrade', error);
      refuseUpgrade(socket, '500 Internal Server Error');
    }
  });

  function refuseUpgrade(socket: Duplex, status: string): void {
    if (socket.writable) socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  }

  function upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = parseRequestTarget(request.url, origin);
    if (!url) {
      refuseUpgrade(socket, '400 Bad Request');
      log('refused a WebSocket connection with a malformed request target');
      return;
    }
    const requestOrigin = request.headers.origin;
    const sameOrigin = requestOrigin === undefined || allowedOrigin(requestOrigin);
    const authorised = tokensMatch(token, url.searchParams.get('token')) || tokensMatch(token, cookieValue(request.headers.cookie, TOKEN_COOKIE));
    if (url.pathname !== '/api' || !authorised || !sameOrigin) {
      refuseUpgrade(socket, url.pathname !== '/api' ? '404 Not Found' : '401 Unauthorized');
      log(`refused a WebSocket connection to ${url.pathname} (${!authorised ? 'wrong or missing token' : !sameOrigin ? `origin ${requestOrigin}` : 'unknown path'})`);
      return;
    }
    if (sockets.size >= MAX_CONNECTIONS) {
      refuseUpgrade(socket, '503 Service Unavailable');
      log(`refused a WebSocket connection: ${MAX_CONNECTIONS} are open already`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws));
  }

  function reply(ws: WebSocket, message: ReplyMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  function onConnection(ws: WebSocket): void {
    sockets.add(ws);
    /** This client's job ids still queued or running as far as it knows, and its job calls not yet answered. */
    const jobs = new Set<string>();
    let jobCallsInFlight = 0;
    const activeJobs = () => {
      const states = new Map(api.jobs.list().map((j) => [j.jobId, j.state]));
      for (const jobId of jobs) {
        const state = states.get(jobId);
        if (state !== 'queued' && state !== 'running') jobs.delete(jobId);
      }
      return jobs.size + jobCallsInFlight;
    };
    ws.on('close', () => sockets.delete(ws));
    // Invalid UTF-8, an oversized message or a protocol error: ws closes this socket (1007, 1009, 1002) after this.
    ws.on('error', (error) => log(`host: closed a WebSocket client: ${error.message}`));
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(data.toString(), isBinary);
      } catch (error) {
        guard('WebSocket message', error);
        reply(ws, { kind: 'reply', id: -1, result: err('internal', 'NeuroFeat failed while reading the message.') });
      }
    });

    function onMessage(text: string, isBinary: boolean): void {
      if (isBinary) {
        reply(ws, { kind: 'reply', id: -1, result: err('invalid-payload', 'The host accepts only JSON text messages.') });
        return;
      }
      const parsed = parseWireMessage(text);
      if (!parsed.ok) {
        reply(ws, { kind: 'reply', id: -1, result: { ok: false, error: parsed.error } });
        return;
      }
      const message = parsed.message;
      if (message.kind !== 'call') return;
      const isJob = jobMethods.has(message.method);
      if (isJob && activeJobs() >= MAX_ACTIVE_JOBS_PER_CLIENT) {
        reply(ws, {
          kind: 'reply', id: message.id,
          result: err('conflict', `${message.method}: this client has ${MAX_ACTIVE_JOBS_PER_CLIENT} jobs queued or running already.`, 'Wait for one to finish, or cancel one (jobs.cancel).'),
        });
        return;
      }
      if (isJob) jobCallsInFlight++;
      api.call(message.method, message.params)
        .then((result) => {
          const jobId = (result.ok ? (result.value as { jobId?: unknown } | null)?.jobId : undefined);
          if (isJob && typeof jobId === 'string') jobs.add(jobId);
          reply(ws, { kind: 'reply', id: message.id, result });
        })
        .catch((error: unknown) => {
          guard(`call ${message.method}`, error);
          reply(ws, { kind: 'reply', id: message.id, result: err('internal', `NeuroFeat failed while running ${message.method}.`) });
        })
        .finally(() => {
          if (isJob) jobCallsInFlight--;
        });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindAddress, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  origin = httpOrigin(bindAddress, port);
  await engine.start();

  return {
    url: `${origin}/?token=${token}`,
    token,
    port,
    api,
    engine,
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.stop();
      api.close();
    },
  };
}
