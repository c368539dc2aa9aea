// Start-up of the clinician window: pick the transport, expose the live stats, then mount Vue with Pinia, the router and i18n.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import './styles/main.css';
import App from './App.vue';
import ConnectionMissingApp from './ConnectionMissingApp.vue';
import { clientFromPage } from './api/client-from-page.ts';
import { setClient } from './api/client-holder.ts';
import { createAppI18n } from './i18n/index.ts';
import { createAppRouter } from './router.ts';
import { liveSignal, liveStats } from './live/live-instance.ts';
import { uiTimings } from './composables/ui-timings.ts';
import { scheduleChartWarmUp } from './composables/chart-warmup.ts';
import { useAppStore } from './stores/app-store.ts';
import { useAcquisitionStore } from './stores/acquisition-store.ts';
import { usePatientsStore } from './stores/patients-store.ts';
import { useJobsStore } from './stores/jobs-store.ts';
import { useProtocolStore } from './stores/protocol-store.ts';

window.__neurofeatStats = liveStats;
window.__neurofeatUi = uiTimings;
const i18n = createAppI18n();

// Bad frames and throwing listeners are our bugs, not the clinician's: log them without interrupting the view.
const onInternalError = (error: unknown) => console.warn('NeuroFeat renderer:', error);
const picked = clientFromPage(window, onInternalError);

if (!picked.ok) {
  createApp(ConnectionMissingApp).use(i18n).mount('#app');
} else {
  const client = picked.client;
  setClient(client);
  client.onSignal((frame) => {
    const now = performance.now();
    liveSignal.accept(frame, now, performance.timeOrigin + now);
  });
  window.addEventListener('pagehide', () => client.close());

  const app = createApp(App);
  app.use(createPinia());
  app.use(createAppRouter());
  app.use(i18n);
  const acquisition = useAcquisitionStore();
  const patients = usePatientsStore();
  const jobs = useJobsStore();
  acquisition.subscribe();
  jobs.subscribe();
  useProtocolStore().subscribe();
  // On every (re)connection: what changed while the window was cut off is fetched again.
  useAppStore().start(() => {
    void acquisition.refreshStatus();
    void acquisition.loadDevices();
    if (patients.loaded) void patients.load();
    void jobs.refresh();
  });
  app.mount('#app');
  scheduleChartWarmUp();
}
