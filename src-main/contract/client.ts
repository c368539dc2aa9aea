// The interface the renderer talks to; the Electron preload and the WebSocket host both provide it.
import type { EventName, Events, MethodName, Params, ResultOf } from './api.ts';
import type { Result } from './errors.ts';
import type { SignalFrame } from './signal-frame.ts';

export interface NeuroFeatClient {
  readonly transport: 'electron' | 'host';
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<ResultOf<M>>>;
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, handler: (payload: Events[E]) => void): () => void;
  /** Subscribes to the binary signal frames; returns the unsubscribe function. */
  onSignal(handler: (frame: SignalFrame) => void): () => void;
}

/** What the Electron preload exposes as `window.neurofeat` (plain functions only: it crosses the context bridge). */
export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<Result<unknown>>;
  subscribe(handler: (event: string, payload: unknown) => void): () => void;
  /** Electron's file dialog for recordings to import, worded in the user's language: the paths chosen, none when cancelled. */
  chooseRecordings(text: RecordingDialogText): Promise<string[]>;
}

/** The words of the recordings' file dialog (the window's language). */
export interface RecordingDialogText {
  title: string;
  /** The name of the file filter (EDF, BDF, GDF, XDF). */
  filterName: string;
}
