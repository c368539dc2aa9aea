// Text messages of the transports (WebSocket host and engine process): calls, replies and pushed events.
import type { ApiError, Result } from './errors.ts';
import type { AcquisitionStatus, FinishedRecording, ImpedanceMeasurement, ProtocolStatus } from './api.ts';

export interface CallMessage { kind: 'call'; id: number; method: string; params: unknown }
export interface ReplyMessage { kind: 'reply'; id: number; result: Result<unknown> }
export interface EventMessage { kind: 'event'; event: string; payload: unknown }
export type WireMessage = CallMessage | ReplyMessage | EventMessage;

/** What the engine process sends its parent (main or the headless host). */
export type EngineToParentMessage =
  | ReplyMessage
  | { kind: 'event'; event: 'acquisition.status'; payload: AcquisitionStatus }
  /** A recording's file is complete (or could not be); main registers it as a run. */
  | { kind: 'event'; event: 'recording.finished'; payload: FinishedRecording }
  /** An impedance measurement finished; main saves it with its session. */
  | { kind: 'event'; event: 'impedance.measured'; payload: ImpedanceMeasurement }
  /** A protocol run's state: the patient's screen and the clinician's progress. */
  | { kind: 'event'; event: 'protocol.status'; payload: ProtocolStatus }
  /** Signal frames, to the parent only under plain Node (Electron windows get them on their own ports). */
  | { kind: 'frame'; frame: ArrayBuffer }
  | { kind: 'ready'; pid: number }
  /** The answer to the supervisor's heartbeat `ping` with the same id. */
  | { kind: 'pong'; id: number };

/** What the parent sends the engine: validated calls, MessagePorts to stream frames to (Electron), heartbeats. */
export type ParentToEngineMessage = CallMessage | { kind: 'attach-port' } | { kind: 'ping'; id: number };

/** Parses a text message from the other side; anything malformed becomes an error the sender can read. */
export function parseWireMessage(text: string): { ok: true; message: WireMessage } | { ok: false; error: ApiError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'invalid-payload', message: 'The message is not valid JSON.' } };
  }
  if (typeof value !== 'object' || value === null) {
    return { ok: false, error: { code: 'invalid-payload', message: 'The message must be a JSON object.' } };
  }
  const m = value as Record<string, unknown>;
  if (m.kind === 'call' && Number.isInteger(m.id) && typeof m.method === 'string') {
    return { ok: true, message: { kind: 'call', id: m.id as number, method: m.method, params: m.params } };
  }
  if (m.kind === 'reply' && Number.isInteger(m.id) && typeof m.result === 'object' && m.result !== null) {
    return { ok: true, message: m as unknown as ReplyMessage };
  }
  if (m.kind === 'event' && typeof m.event === 'string') {
    return { ok: true, message: { kind: 'event', event: m.event, payload: m.payload } };
  }
  return { ok: false, error: { code: 'invalid-payload', message: "A message needs kind 'call' with an integer id and a method name." } };
}
