// Pages of the clinician window; hash history so the same build works from file:// in Electron and from the host.
import { createRouter, createWebHashHistory } from 'vue-router';
import PatientsPage from './views/PatientsPage.vue';
import PatientPage from './views/PatientPage.vue';
import SessionPage from './views/SessionPage.vue';
import MonitorPage from './views/MonitorPage.vue';

/** Route params arrive as strings; a page gets a positive integer or NaN, never a string. */
const toId = (value: unknown): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : Number.NaN;
};

export function createAppRouter() {
  const router = createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/patients' },
      { path: '/patients', name: 'patients', component: PatientsPage, meta: { titleKey: 'titles.patients' } },
      { path: '/patients/:patientId', name: 'patient', component: PatientPage, meta: { titleKey: 'titles.patient' }, props: (route) => ({ patientId: toId(route.params.patientId) }) },
      {
        path: '/patients/:patientId/sessions/:sessionId',
        name: 'session',
        component: SessionPage,
        meta: { titleKey: 'titles.session' },
        props: (route) => ({
          patientId: toId(route.params.patientId),
          sessionId: toId(route.params.sessionId),
          device: typeof route.query.device === 'string' ? route.query.device : null,
        }),
      },
      {
        path: '/monitor',
        name: 'monitor',
        component: MonitorPage,
        meta: { titleKey: 'titles.monitor' },
        props: (route) => ({ device: typeof route.query.device === 'string' ? route.query.device : null }),
      },
      { path: '/:pathMatch(.*)*', redirect: '/patients' },
    ],
  });
  // After a page change keyboard and screen-reader users continue from the new page, not from the old button.
  router.afterEach((to, from) => {
    if (from.matched.length === 0 || to.path === from.path) return;
    requestAnimationFrame(() => document.getElementById('main-content')?.focus({ preventScroll: true }));
  });
  return router;
}
