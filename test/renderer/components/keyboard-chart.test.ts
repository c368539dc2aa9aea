// The keyboard-readable chart frame: its markup (help line, live readout, focusable container with the given ids and texts) and that the container's key, focus and blur events reach the parent's handlers.
// @vitest-environment client-components
import { describe, expect, it } from 'vitest';
import { createRenderer, createSSRApp, h, markRaw, ref, type ComponentPublicInstance } from 'vue';
import { renderToString } from 'vue/server-renderer';
import KeyboardChart from '../../../src-renderer/src/components/base/KeyboardChart.vue';

const texts = {
  helpId: 'test-help',
  help: 'Arrow keys move between points.',
  readoutEmpty: 'Nothing read yet.',
  readoutTestId: 'test-readout',
  label: 'A chart of 3 sessions',
  chartTestId: 'test-chart',
};

async function rendered(props: Record<string, unknown>): Promise<string> {
  const app = createSSRApp({ render: () => h(KeyboardChart, { ...texts, readout: '', ...props }) });
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
    const html = await rendered({ readout: 'Week 2: 75 %' });
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

describe('KeyboardChart.vue events', () => {
  it('passes the container\'s keydown, focus and blur to the parent, and exposes the container element', () => {
    const heard: string[] = [];
    const frame = ref<(ComponentPublicInstance & { container: FakeElement | null }) | null>(null);
    const root: FakeElement = { tag: 'root', attrs: {}, listeners: {}, children: [], parent: null };
    createApp({
      render: () =>
        h(KeyboardChart, {
          ...texts,
          readout: '',
          ref: frame,
          onKeydown: (event: { key: string }) => heard.push(`key ${event.key}`),
          onFocus: () => heard.push('focus'),
          onBlur: () => heard.push('blur'),
        }),
    }).mount(root);

    const chart = find(root, 'test-chart')!;
    expect(chart.attrs.tabindex).toBe(0);
    expect(frame.value?.container).toBe(chart);
    chart.listeners.focus({});
    chart.listeners.keydown({ key: 'ArrowRight' });
    chart.listeners.keydown({ key: 'Enter' });
    chart.listeners.blur({});
    expect(heard).toEqual(['focus', 'key ArrowRight', 'key Enter', 'blur']);
    // Nothing else in the frame listens.
    expect(find(root, 'test-readout')!.listeners).toEqual({});
  });
});
