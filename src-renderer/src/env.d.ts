// Ambient types for the renderer: Vite's client types and the globals the preload and the bench rely on.
/// <reference types="vite/client" />
import type { PreloadBridge } from '../../src-main/contract/index.ts';
import type { LiveStats } from './live/live-stats.ts';

declare global {
  interface Window {
    /** Present only inside Electron, exposed by the preload through the context bridge. */
    neurofeat?: PreloadBridge;
    /** Live figures read by `neurofeat bench --suite shell` and the e2e tests. */
    __neurofeatStats?: LiveStats;
  }
}
