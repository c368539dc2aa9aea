// The window's single live signal and its stats, shared by the status bar, the signal view and `window.__neurofeatStats`.
import { createLiveSignal } from './live-signal.ts';
import { createLiveStats } from './live-stats.ts';

export const liveStats = createLiveStats();
export const liveSignal = createLiveSignal(liveStats);
