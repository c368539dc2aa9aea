// Ambient types for the renderer: Vite's client types and the globals the preload and the bench rely on.
/// <reference types="vite/client" />
import type { PreloadBridge } from '../../src-main/contract/index.ts';
import type { LiveStats } from './live/live-stats.ts';
import type { UiTimings } from './composables/ui-timings.ts';

declare global {
  interface Window {
    /** Present only inside Electron, exposed by the preload through the context bridge. */
    neurofeat?: PreloadBridge;
    /** Live figures read by `neurofeat bench --suite shell` and the e2e tests. */
    __neurofeatStats?: LiveStats;
    /** Draw, hover and extract-to-map times of the feature views, read by the e2e tests and benchmarks. */
    __neurofeatUi?: UiTimings;
  }
}
