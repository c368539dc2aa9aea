// Scalp positions and clean labels of channel sets, asked once per set with `montage.positions` and kept.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ApiError, ChannelPosition } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';

const setKey = (channels: string[]) => channels.join('\n');

export const useMontageStore = defineStore('montage', () => {
  const client = useClient();
  /** Positions by channel set (the labels joined by newlines), in the order asked. */
  const bySet = shallowRef<Record<string, ChannelPosition[]>>({});
  const error = shallowRef<ApiError | null>(null);
  const pending = new Set<string>();

  async function load(channels: string[]): Promise<void> {
    const key = setKey(channels);
    if (bySet.value[key] || pending.has(key) || channels.length === 0) return;
    pending.add(key);
    const result = await client.call('montage.positions', { channels });
    pending.delete(key);
    if (result.ok) {
      bySet.value = { ...bySet.value, [key]: result.value };
      error.value = null;
    } else {
      error.value = result.error;
    }
  }

  const positionsOf = (channels: string[]): ChannelPosition[] | null => bySet.value[setKey(channels)] ?? null;

  return { bySet, error, load, positionsOf };
});
