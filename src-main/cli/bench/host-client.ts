// A minimal client of the headless host's WebSocket for the bench suites: calls, and the events it pushes.
import WebSocket from 'ws';

/** A minimal client of the host's WebSocket: calls, and the events it pushes. */
export async function hostClient(pageUrl: string) {
  const url = new URL(pageUrl);
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { origin: `http://${url.host}` });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (value: unknown) => void>();
  const events: { event: string; payload: unknown }[] = [];
  ws.on('message', (data, binary) => {
    if (binary) return;
    const message = JSON.parse(String(data));
    if (message.kind === 'reply') waiting.get(message.id)?.(message.result);
    else if (message.kind === 'event') events.push({ event: message.event, payload: message.payload });
  });
  const call = <T>(method: string, params: unknown): Promise<T> => new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, (result) => {
      const r = result as { ok: boolean; value?: T; error?: unknown };
      if (r.ok) resolve(r.value as T);
      else reject(new Error(`${method}: ${JSON.stringify(r.error)}`));
    });
    ws.send(JSON.stringify({ kind: 'call', id, method, params }));
  });
  const waitFor = async <T>(find: () => T | undefined, timeoutMs: number): Promise<T> => {
    const start = Date.now();
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() - start > timeoutMs) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { call, events, waitFor, close: () => ws.close() };
}
