// The R² map's keyboard cursor: moves within the map, extends with Shift, chooses with Enter, drops the rectangle with Escape.
import { describe, expect, it } from 'vitest';
import { cursorKey, focusCursor, listKey, type MapCursor } from '../../../src-renderer/src/state/map-cursor.ts';

const start: MapCursor = focusCursor({ cursor: null, anchor: null });
const press = (state: MapCursor, ...keys: string[]) => keys.reduce((s, key) => cursorKey(s, key.replace('Shift+', ''), key.startsWith('Shift+'), 4, 5).state, state);

describe('map cursor', () => {
  it('starts on the first cell, or where it was', () => {
    expect(start).toEqual({ cursor: { row: 0, col: 0 }, anchor: null });
    expect(focusCursor({ cursor: { row: 2, col: 3 }, anchor: { row: 0, col: 0 } })).toEqual({ cursor: { row: 2, col: 3 }, anchor: null });
  });

  it('moves one cell per arrow and stops at the edges', () => {
    expect(press(start, 'ArrowDown', 'ArrowRight', 'ArrowRight').cursor).toEqual({ row: 1, col: 2 });
    expect(press(start, 'ArrowUp', 'ArrowLeft').cursor).toEqual({ row: 0, col: 0 });
    expect(press(start, ...Array(9).fill('ArrowDown'), ...Array(9).fill('ArrowRight')).cursor).toEqual({ row: 3, col: 4 });
  });

  it('extends a rectangle with Shift from where it started and chooses it with Enter', () => {
    const s = press(start, 'ArrowDown', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowDown');
    expect(s).toEqual({ cursor: { row: 2, col: 2 }, anchor: { row: 1, col: 0 } });
    const step = cursorKey(s, 'Enter', false, 4, 5);
    expect(step.chosen).toEqual({ row0: 1, row1: 2, col0: 0, col1: 2 });
    expect(step.state.anchor).toBeNull();
    expect(cursorKey(press(start, 'ArrowRight'), ' ', false, 4, 5).chosen).toEqual({ row0: 0, row1: 0, col0: 1, col1: 1 });
  });

  it('outlines the rectangle while extending, and drops it with Escape', () => {
    const s = press(start, 'Shift+ArrowRight');
    expect(cursorKey(s, 'ArrowRight', true, 4, 5).outline).toEqual({ row0: 0, row1: 0, col0: 0, col1: 2 });
    const escaped = cursorKey(s, 'Escape', false, 4, 5);
    expect(escaped).toMatchObject({ handled: true, state: { anchor: null }, outline: { row0: 0, row1: 0, col0: 1, col1: 1 } });
    // A plain arrow after Shift starts afresh.
    expect(press(s, 'ArrowDown').anchor).toBeNull();
  });

  it('leaves other keys, Enter before the map was reached, and empty maps alone', () => {
    expect(cursorKey(start, 'a', false, 4, 5).handled).toBe(false);
    expect(cursorKey({ cursor: null, anchor: null }, 'Enter', false, 4, 5).handled).toBe(false);
    expect(cursorKey(start, 'ArrowDown', false, 0, 5).handled).toBe(false);
    expect(cursorKey(start, 'Escape', false, 4, 5).handled).toBe(false);
  });

  it('walks a list (one column) with every arrow, stopping at its ends', () => {
    const walk = (...keys: string[]) => keys.reduce((state, key) => cursorKey(state, listKey(key), false, 3, 1).state, start);
    expect(walk('ArrowRight').cursor).toEqual({ row: 1, col: 0 });
    expect(walk('ArrowDown', 'ArrowRight').cursor).toEqual({ row: 2, col: 0 });
    expect(walk('ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight').cursor).toEqual({ row: 2, col: 0 });
    expect(walk('ArrowDown', 'ArrowDown', 'ArrowLeft').cursor).toEqual({ row: 1, col: 0 });
    expect(walk('ArrowUp', 'ArrowLeft').cursor).toEqual({ row: 0, col: 0 });
    expect(listKey('Enter')).toBe('Enter');
  });
});
