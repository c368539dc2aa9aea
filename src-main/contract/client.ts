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
  /**
   * One of the app's file dialogs (Electron only), worded in the user's language: the paths chosen (an open dialog for
   * several files gives them all, the others one), none when cancelled or refused.
   */
  chooseFiles(dialog: FileDialogName, text: FileDialogText): Promise<string[]>;
}

/** The app's file dialogs: recordings to import (open, several), a patient archive to import (open one) or to write (save). */
export const fileDialogNames = ['recordings', 'patient-archive-open', 'patient-archive-save'] as const;
export type FileDialogName = (typeof fileDialogNames)[number];

/** The words of a file dialog (the window's language), and for a save dialog the file name it offers. */
export interface FileDialogText {
  title: string;
  /** The name of the file filter (e.g. "EEG recordings" for EDF, BDF, GDF, XDF). */
  filterName: string;
  /** Save dialogs only: the bare file name offered (e.g. `P-01.tar`), with the dialog's extension. */
  defaultName?: string;
}
