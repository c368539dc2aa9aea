// Application-wide state: the connection, what `app.info` says (storage problems included) and the engine's health.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError, AppInfo, EngineStatus } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import type { ConnectionInfo } from '../api/renderer-client.ts';

export const useAppStore = defineStore('app', () => {
  const client = useClient();
  const connection = shallowRef<ConnectionInfo>(client.connection());
  const info = shallowRef<AppInfo | null>(null);
  const infoError = shallowRef<ApiError | null>(null);
  const engine = shallowRef<EngineStatus | null>(null);
  const started = ref(false);

  async function refresh(): Promise<void> {
    const [appInfo, engineStatus] = await Promise.all([client.call('app.info', {}), client.call('engine.status', {})]);
    if (appInfo.ok) {
      info.value = appInfo.value;
      infoError.value = null;
    } else {
      infoError.value = appInfo.error;
    }
    if (engineStatus.ok) engine.value = engineStatus.value;
  }

  /** Subscribes once; every (re)connection refreshes what may have changed while the window was cut off. */
  function start(onConnected: () => void): void {
    if (started.value) return;
    started.value = true;
    client.on('engine.status', (status) => {
      engine.value = status;
    });
    client.onConnection((next) => {
      const wasConnected = connection.value.state === 'connected';
      connection.value = next;
      // Cut off from the host, the window cannot know the engine's state: say so rather than show a stale "running".
      if (next.state !== 'connected') engine.value = null;
      if (next.state === 'connected' && !wasConnected) {
        void refresh();
        onConnected();
      }
    });
    if (connection.value.state === 'connected') {
      void refresh();
      onConnected();
    }
  }

  return { connection, info, infoError, engine, started, refresh, start };
});
