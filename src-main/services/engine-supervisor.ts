// Starts the engine process, forwards calls to it, and restarts it when it dies or hangs, telling the windows each time.
import { idleAcquisitionStatus, type AcquisitionStatus, type EngineStatus, type FinishedRecording, type ImpedanceMeasurement, type ProtocolStatus } from '../contract/api.ts';
import { err, type Result } from '../contract/errors.ts';
import type { EngineToParentMessage, ParentToEngineMessage } from '../contract/wire.ts';

/** The running engine process as the supervisor sees it, whatever launched it (child process or utilityProcess). */
export interface EngineHandle {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  onExit(handler: (description: string) => void): void;
  kill(): void;
  /** Kills at once, even a stopped or hung process (SIGKILL); `kill` is used where a launcher has no such thing. */
  forceKill?(): void;
  /** OS process id where there is one (for logs and crash tests). */
  pid?: number;
}

export type EngineLauncher = () => EngineHandle;

/** Whoever registers recordings: told of each file the engine finishes and of each engine death (its file is left unfinished). */
export interface RecordingListener {
  finished(recording: FinishedRecording): void;
  engineDied(): void;
}

export interface EngineSupervisorOptions {
  launch: EngineLauncher;
  onEngineStatus: (status: EngineStatus) => void;
  onAcquisitionStatus: (status: AcquisitionStatus) => void;
  /** Frames the engine sends to its parent (plain Node); Electron windows get them on their own ports. */
  onFrame?: (frame: ArrayBuffer) => void;
  /** Called each time a fresh engine is ready, e.g. to attach window ports again. */
  onReady?: (handle: EngineHandle) => void;
  callTimeoutMs?: number;
  /** Delay before each successive restart; the last value repeats. */
  restartDelaysMs?: number[];
  /** How often the engine is pinged while running (default 1000 ms). */
  heartbeatIntervalMs?: number;
  /** An engine silent for this long is hung: killed and restarted like a dead one (default 5000 ms). */
  heartbeatTimeoutMs?: number;
  /**
   * An engine that has not said it is ready after this long is treated as hung too (default 20000 ms); the
   * limit doubles with each consecutive failure (up to 32x), so a slow machine is not caught in a kill loop.
   */
  startTimeoutMs?: number;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
  method: string;
}

export class EngineSupervisor {
  private handle: EngineHandle | null = null;
  private state: EngineStatus = { state: 'stopped', restarts: 0, lastFailure: null };
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;
  private consecutiveFailures = 0;
  private readyWaiters: Array<() => void> = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  /** When the running engine last sent anything (a pong, a reply, a frame); performance.now() ms. */
  private lastHeardAt = 0;
  private nextPing = 1;
  private readonly recordingListeners = new Set<RecordingListener>();
  private readonly impedanceListeners = new Set<(measurement: ImpedanceMeasurement) => void>();
  private readonly protocolListeners = new Set<(status: ProtocolStatus) => void>();
  private readonly options: EngineSupervisorOptions;

  constructor(options: EngineSupervisorOptions) {
    this.options = options;
  }

  status(): EngineStatus {
    return { ...this.state };
  }

  get pid(): number | undefined {
    return this.handle?.pid;
  }

  /** Launches the engine; resolves when it says it is ready. */
  start(): Promise<void> {
    this.stopping = false;
    this.launch('starting');
    return this.whenReady();
  }

  whenReady(): Promise<void> {
    if (this.state.state === 'running') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Forwards a validated call; an engine that is down or silent gives an `engine-unavailable` error value. */
  call(method: string, params: unknown): Promise<Result<unknown>> {
    const handle = this.handle;
    if (!handle || this.state.state !== 'running') {
      return Promise.resolve(err('engine-unavailable', `The acquisition engine is ${this.state.state}; ${method} was not run.`, 'Wait a moment: the engine restarts by itself.'));
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(err('engine-unavailable', `The acquisition engine did not answer ${method} within ${this.options.callTimeoutMs ?? 10_000} ms.`));
      }, this.options.callTimeoutMs ?? 10_000);
      this.pending.set(id, { resolve, timer, method });
      const message: ParentToEngineMessage = { kind: 'call', id, method, params };
      handle.send(message);
    });
  }

  /** Adds a listener of finished recordings and engine deaths; answers its removal. */
  onRecording(listener: RecordingListener): () => void {
    this.recordingListeners.add(listener);
    return () => this.recordingListeners.delete(listener);
  }

  /** Adds a listener of finished impedance measurements (the API service saves them); answers its removal. */
  onImpedance(listener: (measurement: ImpedanceMeasurement) => void): () => void {
    this.impedanceListeners.add(listener);
    return () => this.impedanceListeners.delete(listener);
  }

  /** Adds a listener of the engine's protocol status (the API service pushes it as `protocol.status`); answers its removal. */
  onProtocolStatus(listener: (status: ProtocolStatus) => void): () => void {
    this.protocolListeners.add(listener);
    return () => this.protocolListeners.delete(listener);
  }

  /** Sends a raw message (with transferables where the launcher supports them). */
  post(message: unknown): void {
    this.handle?.send(message);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.stopHeartbeat();
    const handle = this.handle;
    this.handle = null;
    handle?.kill();
    this.failPending('The acquisition engine was shut down.');
    this.setState({ ...this.state, state: 'stopped' });
  }

  private launch(state: 'starting' | 'restarting'): void {
    this.setState({ ...this.state, state });
    const handle = this.options.launch();
    this.handle = handle;
    handle.onMessage((message) => this.onMessage(handle, message));
    handle.onExit((description) => this.onExit(handle, description));
    const startTimeout = (this.options.startTimeoutMs ?? 20_000) * 2 ** Math.min(this.consecutiveFailures, 5);
    setTimeout(() => {
      if (this.handle !== handle || this.state.state === 'running' || this.stopping) return;
      (handle.forceKill ?? handle.kill).call(handle);
      this.onExit(handle, `hung: not ready ${(startTimeout / 1000).toFixed(1)} s after it was started; killed`);
    }, startTimeout).unref?.();
  }

  private onMessage(handle: EngineHandle, raw: unknown): void {
    if (handle !== this.handle) return;
    this.lastHeardAt = performance.now();
    const message = raw as EngineToParentMessage;
    switch (message.kind) {
      case 'ready': {
        const restarted = this.state.state === 'restarting';
        this.setState({ ...this.state, state: 'running', restarts: this.state.restarts + (restarted ? 1 : 0) });
        this.startHeartbeat(handle);
        this.options.onReady?.(handle);
        const waiters = this.readyWaiters;
        this.readyWaiters = [];
        waiters.forEach((resolve) => resolve());
        // A restart counts as recovered once the new engine has run a while.
        setTimeout(() => { if (this.handle === handle) this.consecutiveFailures = 0; }, 30_000).unref?.();
        break;
      }
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        clearTimeout(pending.timer);
        this.pending.delete(message.id);
        pending.resolve(message.result);
        break;
      }
      case 'event':
        if (message.event === 'acquisition.status') this.options.onAcquisitionStatus(message.payload);
        if (message.event === 'recording.finished') for (const listener of this.recordingListeners) listener.finished(message.payload);
        if (message.event === 'impedance.measured') for (const listener of this.impedanceListeners) listener(message.payload);
        if (message.event === 'protocol.status') for (const listener of this.protocolListeners) listener(message.payload);
        break;
      case 'pong':
        break;
      case 'frame':
        if (message.frame) this.options.onFrame?.(toArrayBuffer(message.frame));
        break;
    }
  }

  /** Pings the engine; one that has sent nothing for `heartbeatTimeoutMs` (stopped, deadlocked, spinning) is killed. */
  private startHeartbeat(handle: EngineHandle): void {
    this.stopHeartbeat();
    const interval = this.options.heartbeatIntervalMs ?? 1000;
    const timeout = this.options.heartbeatTimeoutMs ?? 5000;
    this.lastHeardAt = performance.now();
    this.heartbeatTimer = setInterval(() => {
      if (handle !== this.handle) return this.stopHeartbeat();
      const silentMs = performance.now() - this.lastHeardAt;
      if (silentMs >= timeout) {
        this.stopHeartbeat();
        // The exit that follows the kill is ignored (the handle is no longer current): the restart starts here.
        (handle.forceKill ?? handle.kill).call(handle);
        this.onExit(handle, `hung: no answer to its heartbeat for ${(silentMs / 1000).toFixed(1)} s; killed`);
        return;
      }
      handle.send({ kind: 'ping', id: this.nextPing++ });
    }, interval);
    this.heartbeatTimer.unref?.();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private onExit(handle: EngineHandle, description: string): void {
    if (handle !== this.handle) return;
    this.handle = null;
    this.stopHeartbeat();
    if (this.stopping) return;
    const failure = `The acquisition engine stopped unexpectedly (${description}).`;
    this.failPending(failure);
    for (const listener of this.recordingListeners) listener.engineDied();
    this.options.onAcquisitionStatus(idleAcquisitionStatus(`${failure} Acquisition ended; start it again when the engine is back.`, 'engine-stopped'));
    this.setState({ ...this.state, state: 'restarting', lastFailure: failure });
    const delays = this.options.restartDelaysMs ?? [250, 1000, 3000, 10_000];
    const delay = delays[Math.min(this.consecutiveFailures, delays.length - 1)];
    this.consecutiveFailures++;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopping) this.launch('restarting');
    }, delay);
  }

  private failPending(message: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve(err('engine-unavailable', `${message} ${pending.method} did not complete.`, 'Try again in a moment.'));
      this.pending.delete(id);
    }
  }

  private setState(state: EngineStatus): void {
    this.state = state;
    this.options.onEngineStatus(this.status());
  }
}

/** Node's advanced serialization hands back a Buffer or typed array for an ArrayBuffer in some versions. */
function toArrayBuffer(value: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (value instanceof ArrayBuffer) return value;
  return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
}
