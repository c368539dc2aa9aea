// The headless-host transport: contract calls and events as JSON text, signal frames as binary, over one WebSocket that reconnects with backoff.
import {
  parseWireMessage,
  type ApiError,
  type CallMessage,
  type EventName,
  type Events,
  type MethodName,
  type Params,
  type Result,
  type ResultOf,
  type SignalFrame,
} from '../../../src-main/contract/index.ts';
import { defaultBackoff, reconnectDelayMs, type BackoffOptions } from './backoff.ts';
import { createHandlerSet } from './handler-set.ts';
import { deliverFrame } from './signal-frames.ts';
import type { ConnectionInfo, RendererClient } from './renderer-client.ts';

/** The part of the WebSocket API this client uses, so tests can pass Node's WebSocket and the page the browser's. */
export interface SocketLike {
  binaryType: string;
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketClientOptions {
  /** `ws://127.0.0.1:PORT/api?token=TOKEN`. */
  url: string;
  createSocket: (url: string) => SocketLike;
  /** A call with no reply after this long resolves to an `engine-unavailable` error. */
  callTimeoutMs?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  /** Where problems that are not the user's go (bad frames, throwing handlers). */
  onInternalError?: (error: unknown) => void;
}

interface PendingCall {
  message: CallMessage;
  sent: boolean;
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

const lostError = (message: string): { ok: false; error: ApiError } => ({
  ok: false,
  error: { code: 'engine-unavailable', message, recovery: 'Check that `neurofeat serve` is still running; the window reconnects by itself.' },
});

export function createWebSocketClient(options: WebSocketClientOptions): RendererClient {
  const { url, createSocket, callTimeoutMs = 15_000, backoff = defaultBackoff, now = Date.now, onInternalError = () => {} } = options;
  const events = createHandlerSet<unknown>(onInternalError);
  const signals = createHandlerSet<SignalFrame>(onInternalError);
  const connections = createHandlerSet<ConnectionInfo>(onInternalError);
  const pending = new Map<number, PendingCall>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let info: ConnectionInfo = { state: 'connecting', attempt: 0, retryAtMs: null };
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setInfo = (next: ConnectionInfo) => {
    info = next;
    connections.emit('change', info);
  };

  const sendPending = () => {
    if (!socket || socket.readyState !== OPEN) return;
    for (const call of pending.values()) {
      if (call.sent) continue;
      socket.send(JSON.stringify(call.message));
      call.sent = true;
    }
  };

  const onText = (text: string) => {
    const parsed = parseWireMessage(text);
    if (!parsed.ok) {
      onInternalError(new Error(`WebSocket: ${parsed.error.message}`));
      return;
    }
    const message = parsed.message;
    if (message.kind === 'reply') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      clearTimeout(call.timer);
      call.resolve(message.result);
    } else if (message.kind === 'event') {
      events.emit(message.event, message.payload);
    }
  };

  const connect = () => {
    if (closed) return;
    retryTimer = null;
    setInfo({ state: info.attempt === 0 ? 'connecting' : 'reconnecting', attempt: info.attempt, retryAtMs: null });
    let s: SocketLike;
    try {
      s = createSocket(url);
    } catch (error) {
      onInternalError(error);
      scheduleRetry();
      return;
    }
    socket = s;
    s.binaryType = 'arraybuffer';
    s.onopen = () => {
      if (socket !== s) return;
      setInfo({ state: 'connected', attempt: 0, retryAtMs: null });
      sendPending();
    };
    s.onmessage = (event) => {
      if (socket !== s) return;
      const data = event.data;
      if (typeof data === 'string') {
        onText(data);
      } else if (data instanceof ArrayBuffer) {
        deliverFrame(data, (frame) => signals.emit('frame', frame), onInternalError);
      }
    };
    s.onerror = () => {
      // A close event always follows; reconnection is handled there.
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      // Calls already sent may or may not have run: the caller must know they got no answer.
      for (const [id, call] of pending) {
        if (!call.sent) continue;
        pending.delete(id);
        clearTimeout(call.timer);
        call.resolve(lostError(`The connection to the NeuroFeat host was lost before ${call.message.method} answered.`));
      }
      scheduleRetry();
    };
  };

  const scheduleRetry = () => {
    if (closed) return;
    const attempt = info.attempt + 1;
    const delayMs = reconnectDelayMs(attempt, backoff);
    setInfo({ state: 'reconnecting', attempt, retryAtMs: now() + delayMs });
    retryTimer = setTimeout(connect, delayMs);
  };

  connect();

  return {
    transport: 'host',
    call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<ResultOf<M>>> {
      if (closed) return Promise.resolve(lostError('The connection to the NeuroFeat host is closed.') as Result<ResultOf<M>>);
      return new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          if (!pending.delete(id)) return;
          resolve(lostError(`${method} got no answer from the NeuroFeat host within ${Math.round(callTimeoutMs / 1000)} s.`) as Result<ResultOf<M>>);
        }, callTimeoutMs);
        pending.set(id, {
          message: { kind: 'call', id, method, params },
          sent: false,
          resolve: resolve as (result: Result<unknown>) => void,
          timer,
        });
        sendPending();
      });
    },
    on<E extends EventName>(event: E, handler: (payload: Events[E]) => void) {
      return events.add(event, handler as (payload: unknown) => void);
    },
    onSignal: (handler) => signals.add('frame', handler),
    connection: () => info,
    onConnection: (handler) => connections.add('change', handler),
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const [id, call] of pending) {
        pending.delete(id);
        clearTimeout(call.timer);
        call.resolve(lostError('The connection to the NeuroFeat host is closed.'));
      }
      const s = socket;
      socket = null;
      s?.close(1000, 'client closed');
    },
  };
}
