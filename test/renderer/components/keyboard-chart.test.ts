// The keyboard-readable chart frame: its markup (help line, live readout, focusable container with the given ids and texts) and that the container's key, focus and blur events reach the chart's keyboard cursor, whose words the readout shows.
// @vitest-environment client-components
import { describe, expect, it } from 'vitest';
import { createRenderer, createSSRApp, h, markRaw, nextTick, ref, type ComponentPublicInstance } from 'vue';
import { renderToString } from 'vue/server-renderer';
import KeyboardChart from '../../../src-renderer/src/components/base/KeyboardChart.vue';
import { useChartCursor } from '../../../src-renderer/src/composables/use-chart-cursor.ts';
import { listKey, type Cell } from '../../../src-renderer/src/state/map-cursor.ts';

const texts = {
  helpId: 'test-help',
  help: 'Arrow keys move between points.',
  readoutEmpty: 'Nothing read yet.',
  readoutTestId: 'test-readout',
  label: 'A chart of 3 sessions',
  chartTestId: 'test-chart',
};

/** The parts of a keyboard cursor the frame uses, with a readout already written (or not). */
const cursorReading = (readout: string) => ({ readout: ref(readout), onKey: () => undefined, onFocus: () => undefined, onBlur: () => undefined });

async function rendered(props: Record<string, unknown>, readout = ''): Promise<string> {
  const app = createSSRApp({ render: () => h(KeyboardChart, { ...texts, cursor: cursorReading(readout), ...props }) });
  // Without the scoped-style attributes, to read the markup.
  return (await renderToString(app)).replace(/ data-v-\w+/g, '');
}

describe('KeyboardChart.vue markup', () => {
  it('shows the help line under its id, the empty readout (aria-live) and the focusable container described by the help', async () => {
    const html = await rendered({ height: '360px' });
    expect(html).toContain('<p id="test-help" class="muted keyboard-chart__help">Arrow keys move between points.</p>');
    expect(html).toContain('<p class="keyboard-chart__readout numeric" aria-live="polite" data-testid="test-readout">Nothing read yet.</p>');
    expect(html).toContain('<div class="keyboard-chart__chart" style="height:360px;" tabindex="0" role="img" aria-label="A chart of 3 sessions" aria-describedby="test-help" data-testid="test-chart"></div>');
  });

  it('shows what was read out instead of the empty text', async () => {
    const html = await rendered({}, 'Week 2: 75 %');
    expect(html).toContain('data-testid="test-readout">Week 2: 75 %</p>');
    expect(html).not.toContain('Nothing read yet.');
  });

  it('with nothing to read: no help, no readout, a container that takes no focus and names no description', async () => {
    const html = await rendered({ focusable: false });
    expect(html).not.toContain('test-help"');
    expect(html).not.toContain('test-readout');
    expect(html).not.toContain('tabindex');
    expect(html).not.toContain('aria-describedby');
    expect(html).toContain('role="img" aria-label="A chart of 3 sessions" data-testid="test-chart"');
  });

  it('with an aspect ratio: the container fills a centred frame of that ratio and width', async () => {
    const html = await rendered({ aspectRatio: '1 / 1.12', maxWidth: '440px' });
    expect(html).toMatch(/<div class="keyboard-chart__frame" style="aspect-ratio:1 \/ 1\.12;max-width:440px;"><div class="keyboard-chart__chart"( style="")? tabindex="0"/);
  });
});

/** An element of a minimal renderer: its attributes and the listeners Vue attached. */
interface FakeElement {
  tag: string;
  attrs: Record<string, unknown>;
  listeners: Record<string, (event: unknown) => void>;
  children: FakeNode[];
  parent: FakeElement | null;
}
type FakeNode = FakeElement | { text: string; parent: FakeElement | null };

/** Vue's own renderer over plain objects: the component mounts as it would in the window, without a DOM (elements kept raw, as Vue keeps DOM nodes). */
const { createApp } = createRenderer<FakeNode, FakeElement>({
  createElement: (tag) => markRaw({ tag, attrs: {}, listeners: {}, children: [], parent: null }),
  createText: (text) => ({ text, parent: null }),
  createComment: (text) => ({ text, parent: null }),
  setText: (node, text) => {
    (node as { text: string }).text = text;
  },
  setElementText: (el, text) => {
    el.children = [{ text, parent: el }];
  },
  insert: (child, parent, anchor) => {
    child.parent = parent;
    const at = anchor ? parent.children.indexOf(anchor) : -1;
    if (at < 0) parent.children.push(child);
    else parent.children.splice(at, 0, child);
  },
  remove: (child) => {
    if (child.parent) child.parent.children.splice(child.parent.children.indexOf(child), 1);
  },
  parentNode: (node) => node.parent,
  nextSibling: (node) => (node.parent ? (node.parent.children[node.parent.children.indexOf(node) + 1] ?? null) : null),
  patchProp: (el, key, _previous, next) => {
    if (/^on[A-Z]/.test(key)) el.listeners[key.slice(2).toLowerCase()] = next as (event: unknown) => void;
    else el.attrs[key] = next;
  },
});

function find(node: FakeNode, testId: string): FakeElement | null {
  if (!('tag' in node)) return null;
  if (node.attrs['data-testid'] === testId) return node;
  for (const child of node.children) {
    const found = find(child, testId);
    if (found) return found;
  }
  return null;
}

/** The text an element shows. */
const textOf = (el: FakeElement) => el.children.map((c) => ('text' in c ? c.text : '')).join('');

describe('KeyboardChart.vue events', () => {
  it('gives the container\'s focus, keys and blur to the cursor, shows what it reads, and exposes the container element', async () => {
    const shown: (Cell | null)[] = [];
    const sessions = ['week 0: 55 %', 'week 1: 62 %', 'week 2: 70 %'];
    // Focus from the keyboard (`:focus-visible`), as the window reports it.
    const cursor = useChartCursor({
      container: ref({ matches: (selector: string) => selector === ':focus-visible' }),
      size: () => ({ nRows: sessions.length, nCols: 1 }),
      describe: (cell) => sessions[cell.row],
      show: (cell) => shown.push(cell),
      mapKey: listKey,
    });
    const frame = ref<(ComponentPublicInstance & { container: FakeElement | null }) | null>(null);
    const root: FakeElement = { tag: 'root', attrs: {}, listeners: {}, children: [], parent: null };
    createApp({ render: () => h(KeyboardChart, { ...texts, cursor, ref: frame }) }).mount(root);

    const chart = find(root, 'test-chart')!;
    const readout = find(root, 'test-readout')!;
    expect(chart.attrs.tabindex).toBe(0);
    expect(frame.value?.container).toBe(chart);
    expect(textOf(readout)).toBe('Nothing read yet.');

    chart.listeners.focus({});
    await nextTick();
    expect(textOf(readout)).toBe('week 0: 55 %');
    let prevented = 0;
    chart.listeners.keydown({ key: 'ArrowRight', shiftKey: false, preventDefault: () => prevented++ });
    chart.listeners.keydown({ key: 'ArrowDown', shiftKey: false, preventDefault: () => prevented++ });
    await nextTick();
    expect(textOf(readout)).toBe('week 2: 70 %');
    expect(prevented).toBe(2);
    // A key the cursor does not use passes (Tab leaves the chart).
    chart.listeners.keydown({ key: 'Tab', shiftKey: false, preventDefault: () => prevented++ });
    expect(prevented).toBe(2);
    chart.listeners.blur({});
    expect(shown).toEqual([{ row: 0, col: 0 }, { row: 1, col: 0 }, { row: 2, col: 0 }, null]);
    // Nothing else in the frame listens.
    expect(readout.listeners).toEqual({});
  });
});
