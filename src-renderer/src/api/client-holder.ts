// The one client of this window, set once at start-up so stores and composables reach it without prop drilling.
import type { RendererClient } from './renderer-client.ts';

let current: RendererClient | null = null;

export function setClient(client: RendererClient): void {
  current = client;
}

export function useClient(): RendererClient {
  if (!current) throw new Error('useClient: no client yet; main.ts sets it before mounting the app.');
  return current;
}
