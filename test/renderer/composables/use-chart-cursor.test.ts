// The charts' keyboard cursor: keyboard focus reads the first cell, arrows read the next, the chart is told what to show, other keys pass.
import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { useChartCursor } from '../../../src-renderer/src/composables/use-chart-cursor.ts';
import { listKey, type Cell } from '../../../src-renderer/src/state/map-cursor.ts';

/** A focusable element whose focus came from the keyboard (or not). */
const element = (keyboard: boolean) => ref({ matches: (selector: string) => selector === ':focus-visible' && keyboard });
const key = (name: string, shiftKey = false) => {
  const event = { key: name, shiftKey, prevented: false, preventDefault() { event.prevented = true; } };
  return event;
};

function cursorOn(nRows: number, nCols: number, keyboard = true, mapKey?: (key: string) => string) {
  const shown: (Cell | null)[] = [];
  const cursor = useChartCursor({ container: element(keyboard), size: () => ({ nRows, nCols }), describe: (c) => `row ${c.row} col ${c.col}`, show: (c) => shown.push(c), ...(mapKey ? { mapKey } : {}) });
  return { cursor, shown };
}

describe('useChartCursor', () => {
  it('reads the first cell on keyboard focus and each cell an arrow reaches, showing it on the chart; blur takes it off', () => {
    const { cursor, shown } = cursorOn(3, 4);
    cursor.onFocus();
    expect(cursor.readout.value).toBe('row 0 col 0');
    const right = key('ArrowRight');
    cursor.onKey(right);
    expect(right.prevented).toBe(true);
    cursor.onKey(key('ArrowDown', true));
    expect(cursor.readout.value).toBe('row 1 col 1');
    // Shift does not extend a rectangle on a chart that chooses nothing.
    expect(cursor.state.value.anchor).toBeNull();
    cursor.onBlur();
    expect(shown).toEqual([{ row: 0, col: 0 }, { row: 0, col: 1 }, { row: 1, col: 1 }, null]);
    // Focus again: where it was.
    cursor.onFocus();
    expect(cursor.readout.value).toBe('row 1 col 1');
  });

  it('lets other keys pass, and reads nothing on a click\'s focus or an empty chart', () => {
    const { cursor, shown } = cursorOn(3, 4);
    const tab = key('Tab');
    cursor.onKey(tab);
    expect(tab.prevented).toBe(false);
    const clicked = cursorOn(3, 4, false);
    clicked.cursor.onFocus();
    expect(clicked.cursor.readout.value).toBe('');
    const empty = cursorOn(0, 1);
    empty.cursor.onFocus();
    empty.cursor.onKey(key('ArrowDown'));
    expect([empty.cursor.readout.value, empty.shown]).toEqual(['', []]);
    expect(shown).toEqual([]);
  });

  it('walks a list with every arrow through mapKey', () => {
    const { cursor } = cursorOn(5, 1, true, listKey);
    cursor.onFocus();
    for (const name of ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowDown']) cursor.onKey(key(name));
    expect(cursor.readout.value).toBe('row 2 col 0');
  });
});
