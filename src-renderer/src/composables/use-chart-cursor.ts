// The keyboard cursor of a chart of cells (the R² map, the ERD/ERS maps, the links on the head): keyboard focus puts it on a cell, arrows move it, each cell reached is read out as hovering reads it.
import { ref, shallowRef, type Ref } from 'vue';
import { cursorKey, focusCursor, type Cell, type CursorStep, type MapCursor } from '../state/map-cursor.ts';

/** What the cursor reads of a key press (a `KeyboardEvent`). */
export interface CursorKeyEvent {
  key: string;
  shiftKey: boolean;
  preventDefault(): void;
}

export interface ChartCursorOptions {
  /** The focusable element of the chart (`tabindex="0"`): an `HTMLElement`, of which only `matches` is read. */
  container: Ref<{ matches(selector: string): boolean } | null>;
  /** The grid now: rows and columns (zero: nothing to read). */
  size: () => { nRows: number; nCols: number };
  /** The words read out for a cell, as its tooltip says them. */
  describe: (cell: Cell) => string;
  /** Shows where the cursor is on the chart (an outline, the tooltip); null when the chart lost the focus. */
  show: (cell: Cell | null) => void;
  /** Shows each key handled instead of `show` (the R² map: the rectangle being extended, the cells chosen). */
  onStep?: (step: CursorStep) => void;
  /** Rewrites a key before the cursor reads it (a list walked by every arrow: `listKey`). */
  mapKey?: (key: string) => string;
  /** Whether Shift extends a rectangle (the R² map); else Shift+arrow moves as an arrow does. */
  extends?: boolean;
}

export interface ChartCursor {
  /** The text read out (the element showing it has `aria-live`); a hover may write it too. */
  readout: Ref<string>;
  state: Ref<MapCursor>;
  onFocus: () => void;
  onBlur: () => void;
  onKey: (event: CursorKeyEvent) => void;
}

export function useChartCursor(options: ChartCursorOptions): ChartCursor {
  const readout = ref('');
  const state = shallowRef<MapCursor>({ cursor: null, anchor: null });


  /** Keyboard focus puts the cursor on the first cell (or where it was); a click's focus does not. */
  function onFocus() {
    const { nRows, nCols } = options.size();
    if (nRows === 0 || nCols === 0 || !options.container.value?.matches(':focus-visible')) return;
    state.value = focusCursor(state.value);
    const cell = state.value.cursor!;
    // The grid may have shrunk since (another channel, fewer links): back inside it.
    const inside = { row: Math.min(cell.row, nRows - 1), col: Math.min(cell.col, nCols - 1) };
    state.value = { cursor: inside, anchor: null };
    readout.value = options.describe(inside);
    options.show(inside);
  }

  function onBlur() {
    state.value = { cursor: state.value.cursor, anchor: null };
    options.show(null);
  }

  function onKey(event: CursorKeyEvent) {
    const { nRows, nCols } = options.size();
    const key = options.mapKey ? options.mapKey(event.key) : event.key;
    const step = cursorKey(state.value, key, options.extends === true && event.shiftKey, nRows, nCols);
    if (!step.handled) return;
    event.preventDefault();
    state.value = step.state;
    const cell = step.state.cursor;
    if (cell) readout.value = options.describe(cell);
    if (options.onStep) options.onStep(step);
    else if (cell) options.show(cell);
  }

  return { readout, state, onFocus, onBlur, onKey };
}
