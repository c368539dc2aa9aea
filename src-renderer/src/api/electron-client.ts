// The Electron transport: calls and events through the preload bridge, signal frames through the MessagePort the preload hands over.
import {
  type EventName,
  type Events,
  type MethodName,
  type Params,
  type PreloadBridge,
  type Result,
  type ResultOf,
  type SignalFrame,
} from '../../../src-main/contract/index.ts';
import { createHandlerSet } from './handler-set.ts';
import { deliverFrame } from './signal-frames.ts';
import type { ConnectionInfo, RendererClient } from './renderer-client.ts';

/** The message the preload posts to the page, with the signal port as its only transferred port. */
export const SIGNAL_PORT_MESSAGE_TYPE = 'neurofeat:signal-port';

/** What the client needs of a MessagePort (the browser's, or a test double). */
export interface PortLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  start(): void;
  close(): void;
}

export interface ElectronClientOptions {
  bridge: PreloadBridge;
  /** Called once with a function to hand over the signal port when it arrives. */
  listenForSignalPort: (accept: (port: PortLike) => void) => () => void;
  onInternalError?: (error: unknown) => void;
}

export function createElectronClient(options: ElectronClientOptions): RendererClient {
  const { bridge, listenForSignalPort, onInternalError = () => {} } = options;
  const events = createHandlerSet<unknown>(onInternalError);
  const signals = createHandlerSet<SignalFrame>(onInternalError);
  const info: ConnectionInfo = { state: 'connected', attempt: 0, retryAtMs: null };
  let port: PortLike | null = null;

  const unsubscribeBridge = bridge.subscribe((event, payload) => events.emit(event, payload));
  const stopListening = listenForSignalPort((next) => {
    // A reloaded engine may hand over a fresh port; the old one is dead.
    port?.close();
    port = next;
    next.onmessage = (event) => {
      const data = event.data;
      if (!(data instanceof ArrayBuffer || ArrayBuffer.isView(data))) return;
      deliverFrame(data, (frame) => signals.emit('frame', frame), onInternalError);
    };
    next.start();
  });

  return {
    transport: 'electron',
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<ResultOf<M>>> {
      try {
        return (await bridge.invoke(method, params)) as Result<ResultOf<M>>;
      } catch (error) {
        onInternalError(error);
        return { ok: false, error: { code: 'internal', message: `${method} failed inside the application: ${String(error)}` } };
      }
    },
    on<E extends EventName>(event: E, handler: (payload: Events[E]) => void) {
      return events.add(event, handler as (payload: unknown) => void);
    },
    onSignal: (handler) => signals.add('frame', handler),
    connection: () => info,
    onConnection: () => () => {},
    close() {
      unsubscribeBridge();
      stopListening();
      port?.close();
      port = null;
    },
  };
}
