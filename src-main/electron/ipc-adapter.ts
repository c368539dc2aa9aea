// The IPC side of the contract: only frames from our own app origin may call, and every call goes through the API service.
import type { Result } from '../contract/errors.ts';
import { err } from '../contract/errors.ts';

export const INVOKE_CHANNEL = 'neurofeat:invoke';
export const EVENT_CHANNEL = 'neurofeat:event';
export const SIGNAL_PORT_CHANNEL = 'neurofeat:signal-port';
export const APP_ORIGIN = 'app://neurofeat';

export interface ApiLike {
  call(method: unknown, params: unknown): Promise<Result<unknown>>;
}

/** True for documents served by our own protocol (and the dev server in development). */
export function isTrustedSenderUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  if (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)) return true;
  return devServerUrl !== undefined && devServerUrl !== '' && url.startsWith(devServerUrl);
}

/** Handles one `invoke` from a renderer; a call from any other frame gets an `unauthorized` error value. */
export function createInvokeHandler(api: ApiLike, devServerUrl?: string) {
  return async (senderUrl: string | undefined, method: unknown, params: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSenderUrl(senderUrl, devServerUrl)) {
      return err('unauthorized', `Calls are accepted only from NeuroFeat's own pages, not from ${senderUrl ?? 'an unknown frame'}.`);
    }
    return api.call(method, params);
  };
}
