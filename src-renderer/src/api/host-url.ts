// The WebSocket address of the headless host, derived from the address the page was opened with.

/** `ws://<same host>/api?token=TOKEN`, or null when the page address carries no token. */
export function hostSocketUrl(location: { protocol: string; host: string; search: string }): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}
