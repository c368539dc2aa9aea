// The Extract parameters remembered per patient, the chosen features per session, and montage positions asked once per channel set.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { defaultExtractForm } from '../../../src-renderer/src/state/extract-params.ts';
import { extractStorageKey, useExtractStore } from '../../../src-renderer/src/stores/extract-store.ts';
import { useMontageStore } from '../../../src-renderer/src/stores/montage-store.ts';
import { useSelectionStore } from '../../../src-renderer/src/stores/selection-store.ts';
import { createFakeClient, installMemoryStorage, type FakeClient } from './fake-client.ts';

let client: FakeClient;
let storage: Map<string, string>;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
  storage = installMemoryStorage();
  setActivePinia(createPinia());
});

describe('extract store', () => {
  it('remembers the parameters per patient, across a reload of the window', () => {
    const store = useExtractStore();
    expect(store.formFor(1)).toEqual(defaultExtractForm());
    store.remember(1, { ...defaultExtractForm(), psdMethod: 'burg', fmaxHz: '30' });
    expect(JSON.parse(storage.get(extractStorageKey(1))!)).toMatchObject({ psdMethod: 'burg', fmaxHz: '30' });
    setActivePinia(createPinia());
    const reloaded = useExtractStore();
    expect(reloaded.formFor(1)).toMatchObject({ psdMethod: 'burg', fmaxHz: '30' });
    expect(reloaded.formFor(2)).toEqual(defaultExtractForm());
  });

  it('falls back to the defaults when what was stored is not JSON', () => {
    storage.set(extractStorageKey(3), '{not json');
    expect(useExtractStore().formFor(3)).toEqual(defaultExtractForm());
  });
});

describe('selection store', () => {
  it('adds features once, removes and clears them, per session', () => {
    const store = useSelectionStore();
    const c3 = { channel: 'C3..', fminHz: 10, fmaxHz: 12 };
    store.add(1, [c3, { channel: 'C4..', fminHz: 10, fmaxHz: 12 }]);
    store.add(1, [{ ...c3 }]);
    expect(store.featuresOf(1)).toHaveLength(2);
    expect(store.featuresOf(2)).toEqual([]);
    store.remove(1, c3);
    expect(store.featuresOf(1).map((f) => f.channel)).toEqual(['C4..']);
    store.clear(1);
    expect(store.featuresOf(1)).toEqual([]);
  });
});

describe('montage store', () => {
  it('asks montage.positions once per channel set and keeps the answer', async () => {
    client.reply('montage.positions', ({ channels }) => ({ ok: true, value: channels.map((name) => ({ name, label: name.replace(/\.+$/, ''), x: 0, y: 0, z: 1, mapX: 0, mapY: 0 })) }));
    const store = useMontageStore();
    await Promise.all([store.load(['C3..', 'Cz..']), store.load(['C3..', 'Cz..'])]);
    await store.load(['C3..', 'Cz..']);
    expect(client.calls).toHaveLength(1);
    expect(store.positionsOf(['C3..', 'Cz..'])?.map((p) => p.label)).toEqual(['C3', 'Cz']);
    expect(store.positionsOf(['C4..'])).toBeNull();
  });

  it('keeps the error of a refused call and answers nothing for that set', async () => {
    client.reply('montage.positions', () => ({ ok: false, error: { code: 'invalid-payload', message: 'montage.positions: channels: too many' } }));
    const store = useMontageStore();
    await store.load(['X']);
    expect(store.error?.code).toBe('invalid-payload');
    expect(store.positionsOf(['X'])).toBeNull();
  });
});
