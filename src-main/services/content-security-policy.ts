// The renderer's Content-Security-Policy, one definition for the Electron app:// scheme and the headless host.

/**
 * Strict: scripts only from the app itself (nothing inline, no eval), inline styles allowed (ECharts sets them),
 * images from the app, data: and blob: URLs (chart exports), no plugins, frames, base changes or form posts.
 * `connectSources` adds origins the page may connect to beyond its own (the host's WebSocket).
 */
export function rendererContentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
