// The headless host: the built renderer and the contract over a token-guarded WebSocket on 127.0.0.1.
import http from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { err } from '../contract/errors.ts';
import { parseWireMessage, type EventMessage, type ReplyMessage } from '../contract/wire.ts';
import { ApiService } from '../services/api-service.ts';
import { EngineSupervisor, type EngineLauncher } from '../services/engine-supervisor.ts';
import { nodeEngineLauncher } from '../services/node-engine-launcher.ts';
import { softwareVersion } from '../services/version.ts';
import { contentSecurityPolicy, cookieValue, createToken, staticFilePath, TOKEN_COOKIE, tokensMatch } from './security.ts';

export const defaultRendererDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

/** A client whose socket holds more than this is skipped for frames rather than let memory grow. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

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

  const broadcastText = (message: EventMessage) => {
    const text = JSON.stringify(message);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };

  const engine = new EngineSupervisor({
    launch: options.launchEngine ?? nodeEngineLauncher(),
    onEngineStatus: (status) => api.emit('engine.status', status),
    onAcquisitionStatus: (status) => api.emit('acquisition.status', status),
    onFrame: (frame) => {
      for (const socket of sockets) {
        if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) socket.send(frame, { binary: true });
      }
    },
  });
  const api: ApiService = new ApiService({ dataDir: options.dataDir, transport: 'host', version: softwareVersion(), engine, log });
  api.onEvent((event, payload) => broadcastText({ kind: 'event', event, payload }));

  let origin = '';
  const server = http.createServer((request, response) => void serveStatic(request, response));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  async function serveStatic(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
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

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const requestOrigin = request.headers.origin;
    const sameOrigin = requestOrigin === undefined || requestOrigin === origin;
    const authorised = tokensMatch(token, url.searchParams.get('token')) || tokensMatch(token, cookieValue(request.headers.cookie, TOKEN_COOKIE));
    if (url.pathname !== '/api' || !authorised || !sameOrigin) {
      const reason = url.pathname !== '/api' ? '404 Not Found' : '401 Unauthorized';
      socket.write(`HTTP/1.1 ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      log(`refused a WebSocket connection to ${url.pathname} (${!authorised ? 'wrong or missing token' : !sameOrigin ? `origin ${requestOrigin}` : 'unknown path'})`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.send(JSON.stringify({ kind: 'reply', id: -1, result: err('invalid-payload', 'The host accepts only JSON text messages.') } satisfies ReplyMessage));
        return;
      }
      const parsed = parseWireMessage(data.toString());
      if (!parsed.ok) {
        ws.send(JSON.stringify({ kind: 'reply', id: -1, result: { ok: false, error: parsed.error } } satisfies ReplyMessage));
        return;
      }
      const message = parsed.message;
      if (message.kind !== 'call') return;
      void api.call(message.method, message.params).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'reply', id: message.id, result } satisfies ReplyMessage));
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindAddress, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const hostName = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
  origin = `http://${hostName}:${port}`;
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
