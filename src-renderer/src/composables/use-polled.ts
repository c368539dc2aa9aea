// A ref refreshed from a non-reactive source at a fixed rate, for figures that change too often to be reactive (sample counters).
import { onBeforeUnmount, onMounted, shallowRef, type ShallowRef } from 'vue';

export function usePolled<T>(options: { read: () => T; intervalMs: number }): ShallowRef<T> {
  const value = shallowRef(options.read());
  let timer: ReturnType<typeof setInterval> | null = null;
  onMounted(() => {
    timer = setInterval(() => {
      const next = options.read();
      if (next !== value.value) value.value = next;
    }, options.intervalMs);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
  });
  return value;
}
