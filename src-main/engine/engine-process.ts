// Entry of the engine process: an Electron utilityProcess or a Node child process, speaking wire messages to its parent.
//
// Calls come from the parent (main or the headless host) already validated. Signal frames go to every
// MessagePort the parent attaches (Electron: straight to the windows) and, under plain Node, to the parent.
import type { EngineToParentMessage, ParentToEngineMessage } from '../contract/wire.ts';
import { createEngineService } from './engine-service.ts';

interface PortLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on?(event: 'close', listener: () => void): void;
  start?(): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): void;
}

const electronParent = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

function sendToParent(message: EngineToParentMessage): void {
  if (electronParent) electronParent.postMessage(message);
  else process.send?.(message);
}

const ports = new Set<PortLike>();

const service = createEngineService({
  onFrame(frame) {
    for (const port of ports) port.postMessage(frame);
    if (!electronParent) sendToParent({ kind: 'frame', frame });
  },
  onStatus(status) {
    sendToParent({ kind: 'event', event: 'acquisition.status', payload: status });
  },
  // Sent before the reply to the stop that finished it: main registers the run before the caller hears "stopped".
  onRecordingFinished(finished) {
    sendToParent({ kind: 'event', event: 'recording.finished', payload: finished });
  },
  // Main saves it with the session.
  onImpedanceMeasured(measurement) {
    sendToParent({ kind: 'event', event: 'impedance.measured', payload: measurement });
  },
  onProtocolStatus(status) {
    sendToParent({ kind: 'event', event: 'protocol.status', payload: status });
  },
});

async function onParentMessage(data: unknown, transferred: PortLike[]): Promise<void> {
  const message = data as Partial<ParentToEngineMessage>;
  // The supervisor's heartbeat: an engine that stops answering is killed and restarted.
  if (message.kind === 'ping') {
    sendToParent({ kind: 'pong', id: typeof message.id === 'number' ? message.id : 0 });
    return;
  }
  if (message.kind === 'attach-port') {
    for (const port of transferred) {
      ports.add(port);
      port.on?.('close', () => ports.delete(port));
      port.start?.();
    }
    return;
  }
  if (message.kind === 'call' && typeof message.id === 'number' && typeof message.method === 'string') {
    const result = await service.handle(message.method, message.params);
    sendToParent({ kind: 'reply', id: message.id, result });
  }
}

/** How long a recording may take to be finalised when the process is told to end. */
const SHUTDOWN_GRACE_MS = 3000;

/** Ends the process once a running recording is finalised (complete file, SHA-256 sidecar), or after the grace time. */
function exitAfterShutDown(): void {
  setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  void service.shutDown().finally(() => process.exit(0));
}

// Told to end (the supervisor's stop, the app quitting): the recording is finalised first, never left half-written.
process.once('SIGTERM', exitAfterShutDown);

if (electronParent) {
  electronParent.on('message', (event) => void onParentMessage(event.data, event.ports ?? []));
} else if (process.send) {
  process.on('message', (message) => void onParentMessage(message, []));
  // Under plain Node the engine must not outlive its parent (even one killed outright); its recording is finalised first.
  process.on('disconnect', exitAfterShutDown);
} else {
  process.stderr.write('The engine process must be started by NeuroFeat (no parent channel).\n');
  process.exit(2);
}

sendToParent({ kind: 'ready', pid: process.pid });
