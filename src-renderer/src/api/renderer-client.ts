// The client object the whole renderer talks to: the contract's NeuroFeatClient plus the state of its connection.
import type { NeuroFeatClient } from '../../../src-main/contract/index.ts';

/** `connected` once calls can go through; `reconnecting` while a dropped WebSocket waits for its next try. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Failed connection attempts since the last success. */
  attempt: number;
  /** When the next attempt starts (epoch ms), while reconnecting. */
  retryAtMs: number | null;
}

export interface RendererClient extends NeuroFeatClient {
  connection(): ConnectionInfo;
  /** Called on every change of the connection state; returns the unsubscribe function. */
  onConnection(handler: (info: ConnectionInfo) => void): () => void;
  /** Closes the transport for good (tests, page unload). */
  close(): void;
}
