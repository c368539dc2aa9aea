// A fake renderer client for store tests: canned replies per method, recorded calls, and events pushed by hand.
import type { EventName, Events, MethodName, Params, Result, ResultOf } from '../../../src-main/contract/index.ts';
import type { ConnectionInfo, RendererClient } from '../../../src-renderer/src/api/renderer-client.ts';

type Reply<M extends MethodName> = (params: Params<M>) => Result<ResultOf<M>>;

export interface FakeClient extends RendererClient {
  calls: { method: MethodName; params: unknown }[];
  reply<M extends MethodName>(method: M, reply: Reply<M>): void;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
}

export function createFakeClient(): FakeClient {
  const replies = new Map<MethodName, (params: unknown) => Result<unknown>>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { method: MethodName; params: unknown }[] = [];
  const connection: ConnectionInfo = { state: 'connected', attempt: 0, retryAtMs: null };
  return {
    transport: 'host',
    calls,
    async call<M extends MethodName>(method: M, params: Params<M>) {
      calls.push({ method, params });
      const reply = replies.get(method);
      if (!reply) return { ok: false, error: { code: 'unknown-method', message: `fake client: no reply for ${method}` } } as Result<ResultOf<M>>;
      return reply(params) as Result<ResultOf<M>>;
    },
    on<E extends EventName>(event: E, handler: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(handler as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(handler as (payload: unknown) => void);
    },
    onSignal: () => () => {},
    connection: () => connection,
    onConnection: () => () => {},
    close: () => {},
    reply<M extends MethodName>(method: M, reply: Reply<M>) {
      replies.set(method, reply as (params: unknown) => Result<unknown>);
    },
    emit<E extends EventName>(event: E, payload: Events[E]) {
      for (const handler of listeners.get(event) ?? []) handler(payload);
    },
  };
}

/** A localStorage for the node test environment, emptied per test. */
export function installMemoryStorage(): Map<string, string> {
  const data = new Map<string, string>();
  (globalThis as { localStorage?: Storage }).localStorage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, String(v)),
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
    key: (i: number) => [...data.keys()][i] ?? null,
    get length() {
      return data.size;
    },
  };
  return data;
}
