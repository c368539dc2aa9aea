// The headless host's guards: the per-launch token, the headers every response carries, safe static paths.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { rendererContentSecurityPolicy } from '../services/content-security-policy.ts';

export const TOKEN_COOKIE = 'neurofeat_token';

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** The renderer's Content-Security-Policy, which may also connect to the host's own WebSocket origin. */
export function contentSecurityPolicy(origin: string): string {
  return rendererContentSecurityPolicy([origin.replace(/^http/, 'ws')]);
}

/**
 * The request target as a URL on `origin`, or null when it is not a plain origin-form path (`/a/b?c`):
 * absolute-form (`http://x/`), authority-form, `//` and anything `URL` refuses are answered 400 by the host.
 */
export function parseRequestTarget(target: string | undefined, origin: string): URL | null {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, origin);
  } catch {
    return null;
  }
}

/** Whether an address listens on every interface (then the page may be opened through any of them). */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '::0' || address === '0:0:0:0:0:0:0:0';
}

/** `http://HOST:PORT` for an address as a browser writes it (IPv6 in brackets). */
export function httpOrigin(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Resolves a URL path inside the static root, or null when it would leave it. */
export function staticFilePath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : null;
}
