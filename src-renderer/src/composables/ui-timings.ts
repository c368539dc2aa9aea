// Figures the feature views record for benchmarks and end-to-end checks (`window.__neurofeatUi`); nothing here is reactive.

export interface UiTimings {
  /** Duration of each full draw of the R² map (setOption, which draws synchronously), ms; the last 200. */
  r2MapDrawMs: number[];
  /** From the click on "Extract features" to the first draw of that job's R² map, ms. */
  extractToMapMs: number[];
  /** The part of it after the job's end reached the window (route change, views mounted, map drawn), ms. */
  finishedToMapMs: number[];
  /** From a pointer move over the map (the event's time stamp) to its readout set, ms, waiting in the event queue included; the last 200. */
  hoverMs: number[];
  /** The work of that pointer move alone (finding the cell, setting the readout), ms; the last 200. */
  hoverHandlerMs: number[];
}

export const uiTimings: UiTimings = { r2MapDrawMs: [], extractToMapMs: [], finishedToMapMs: [], hoverMs: [], hoverHandlerMs: [] };

export function recordTiming(list: number[], ms: number): void {
  list.push(Math.round(ms * 100) / 100);
  if (list.length > 200) list.splice(0, list.length - 200);
}
