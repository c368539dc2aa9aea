// A small keyed set of listeners shared by both transports, so a throwing handler cannot starve the others.

export interface HandlerSet<T> {
  add(key: string, handler: (value: T) => void): () => void;
  emit(key: string, value: T): void;
  count(key: string): number;
}

export function createHandlerSet<T>(onHandlerError: (error: unknown) => void = () => {}): HandlerSet<T> {
  const byKey = new Map<string, Set<(value: T) => void>>();
  return {
    add(key, handler) {
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(handler);
      return () => { set.delete(handler); };
    },
    emit(key, value) {
      const set = byKey.get(key);
      if (!set) return;
      for (const handler of set) {
        try {
          handler(value);
        } catch (error) {
          onHandlerError(error);
        }
      }
    },
    count: (key) => byKey.get(key)?.size ?? 0,
  };
}
