// The WebSocket address of the headless host, derived from the address the page was opened with.

/**
 * `ws://<same host>/api?token=TOKEN`. Without a token in the page address the socket still goes to the host: the host
 * only served this page because the request carried its token cookie, and the WebSocket handshake sends that cookie
 * too. Null when the page did not come from a host over HTTP at all.
 */
export function hostSocketUrl(location: { protocol: string; host: string; search: string }): string | null {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
