// Picks the transport for this page: the Electron preload bridge when present, else the host's WebSocket named by the page address.
import { createElectronClient, SIGNAL_PORT_MESSAGE_TYPE, type PortLike } from './electron-client.ts';
import { hostSocketUrl } from './host-url.ts';
import type { RendererClient } from './renderer-client.ts';
import { createWebSocketClient, type SocketLike } from './websocket-client.ts';

export type PageClient = { ok: true; client: RendererClient } | { ok: false; reason: 'no-transport' };

export function clientFromPage(win: Window, onInternalError: (error: unknown) => void): PageClient {
  if (win.neurofeat) {
    return {
      ok: true,
      client: createElectronClient({
        bridge: win.neurofeat,
        onInternalError,
        listenForSignalPort(accept) {
          const onMessage = (event: MessageEvent) => {
            // The preload posts from its isolated world, so only the message type and the transferred port identify it.
            if (event.data?.type !== SIGNAL_PORT_MESSAGE_TYPE || !event.ports[0]) return;
            accept(event.ports[0] as unknown as PortLike);
          };
          win.addEventListener('message', onMessage);
          return () => win.removeEventListener('message', onMessage);
        },
      }),
    };
  }
  const url = hostSocketUrl(win.location);
  if (!url) return { ok: false, reason: 'no-transport' };
  return { ok: true, client: createWebSocketClient({ url, createSocket: (u) => new WebSocket(u) as unknown as SocketLike, onInternalError }) };
}
