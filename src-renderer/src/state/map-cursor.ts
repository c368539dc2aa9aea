// The keyboard cursor of a chart of cells as a pure state machine (the R² map, the ERD/ERS maps, the links on the head): arrows move it, Shift+arrows extend a rectangle, Enter chooses, Escape drops.
import { normaliseRect, type CellRect } from './feature-selection.ts';

export interface Cell {
  row: number;
  col: number;
}

export interface MapCursor {
  /** The cell read out; null before the map was first reached with the keyboard. */
  cursor: Cell | null;
  /** The other corner of the rectangle being extended with Shift, if any. */
  anchor: Cell | null;
}

export interface CursorStep {
  state: MapCursor;
  /** What to outline now (null: nothing), or undefined when the outline does not change. */
  outline?: CellRect | null;
  /** Cells chosen by this key, if it chose any. */
  chosen?: CellRect;
  /** Whether the key was handled (its default action is then prevented). */
  handled: boolean;
}

const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/** Where the cursor starts when the map receives keyboard focus: where it was, else the first cell. */
export const focusCursor = (state: MapCursor): MapCursor => ({ cursor: state.cursor ?? { row: 0, col: 0 }, anchor: null });

/** One key on a map of nRows x nCols cells. Unknown keys, and any key on an empty map, are not handled. */
export function cursorKey(state: MapCursor, key: string, shift: boolean, nRows: number, nCols: number): CursorStep {
  if (nRows === 0 || nCols === 0) return { state, handled: false };
  const rect = (a: Cell, b: Cell) => normaliseRect({ row0: a.row, row1: b.row, col0: a.col, col1: b.col }, nRows, nCols);
  const move = MOVES[key];
  if (move) {
    const from = state.cursor ?? { row: 0, col: 0 };
    const cursor = { row: Math.min(nRows - 1, Math.max(0, from.row + move[0])), col: Math.min(nCols - 1, Math.max(0, from.col + move[1])) };
    const anchor = shift ? (state.anchor ?? from) : null;
    return { state: { cursor, anchor }, outline: rect(anchor ?? cursor, cursor), handled: true };
  }
  if ((key === 'Enter' || key === ' ') && state.cursor) {
    return { state: { cursor: state.cursor, anchor: null }, chosen: rect(state.anchor ?? state.cursor, state.cursor), outline: rect(state.cursor, state.cursor), handled: true };
  }
  if (key === 'Escape') {
    return { state: { cursor: state.cursor, anchor: null }, outline: state.cursor ? rect(state.cursor, state.cursor) : null, handled: state.anchor !== null };
  }
  return { state, handled: false };
}

/** A list read as one column (nCols = 1): Left and Right move like Up and Down, so every arrow walks it. */
export const listKey = (key: string): string => (key === 'ArrowLeft' ? 'ArrowUp' : key === 'ArrowRight' ? 'ArrowDown' : key);
