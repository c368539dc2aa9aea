// A minimal Node client of the headless host for tests: calls, events and signal frames over the WebSocket.
import WebSocket from 'ws';
import { decodeSignalFrame, type SignalFrame } from '../../src-main/contract/signal-frame.ts';
import type { ApiError, Result } from '../../src-main/contract/errors.ts';
import type { JobFinishedEvent } from '../../src-main/contract/api.ts';

export interface TestClient {
  call<T = unknown>(method: string, params?: unknown): Promise<Result<T>>;
  sendRaw(text: string): void;
  nextReply(): Promise<{ id: number; result: Result<unknown> }>;
  frames: SignalFrame[];
  events: Array<{ event: string; payload: unknown }>;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function connect(url: string, options: { origin?: string } = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  let nextId = 1;
  const waiting = new Map<number, (result: Result<unknown>) => void>();
  const replies: Array<{ id: number; result: Result<unknown> }> = [];
  const client: TestClient = {
    frames: [],
    events: [],
    call(method, params = {}) {
      const id = nextId++;
      ws.send(JSON.stringify({ kind: 'call', id, method, params }));
      return new Promise((resolve) => waiting.set(id, resolve as (r: Result<unknown>) => void));
    },
    sendRaw: (text) => ws.send(text),
    async nextReply() {
      await client.waitFor(() => replies.length > 0);
      return replies.shift()!;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const start = Date.now();
      while (!predicate()) {
        if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => ws.close(),
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      client.frames.push(decodeSignalFrame(data as ArrayBuffer));
      return;
    }
    const message = JSON.parse(data.toString());
    if (message.kind === 'reply') {
      const resolve = waiting.get(message.id);
      if (resolve) {
        waiting.delete(message.id);
        resolve(message.result);
      } else replies.push(message);
    } else if (message.kind === 'event') client.events.push({ event: message.event, payload: message.payload });
  });
  return client;
}

/** The value of a call that must succeed; a refusal fails the test with the error it carried. */
export async function valueOf<T>(reply: Promise<Result<unknown>>): Promise<T> {
  const result = await reply;
  if (!result.ok) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The error of a call that must be refused; a success fails the test with the value it gave. */
export async function refusalOf(reply: Promise<Result<unknown>>): Promise<ApiError> {
  const result = await reply;
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A new patient with this code and one session of it: the session's id. */
export async function newPatientSession(client: TestClient, code: string): Promise<number> {
  const patient = await valueOf<{ id: number }>(client.call('patients.create', { code }));
  return (await valueOf<{ id: number }>(client.call('sessions.create', { patientId: patient.id }))).id;
}

/** The value of `method(params)`; a refusal fails the test naming the method and the error's code and message. */
export async function callValue<T>(client: TestClient, method: string, params: unknown): Promise<T> {
  const reply = await client.call<T>(method, params);
  if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/** The `job.finished` event of job `jobId`, once it has come (the test fails after `timeoutMs`). */
export async function jobFinished(client: TestClient, jobId: string, timeoutMs = 120_000): Promise<JobFinishedEvent> {
  const find = () => client.events.find((e) => e.event === 'job.finished' && (e.payload as JobFinishedEvent).jobId === jobId)?.payload as JobFinishedEvent | undefined;
  await client.waitFor(() => find() !== undefined, timeoutMs);
  return find()!;
}
