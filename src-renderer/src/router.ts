// Pages of the clinician window; hash history so the same build works from file:// in Electron and from the host.
import { createRouter, createWebHashHistory, type RouteLocationNormalized } from 'vue-router';
import PatientsPage from './views/PatientsPage.vue';
import PatientPage from './views/PatientPage.vue';
import PatientReviewPage from './views/PatientReviewPage.vue';
import SessionPage from './views/SessionPage.vue';
import MonitorPage from './views/MonitorPage.vue';
import SettingsPage from './views/SettingsPage.vue';
import PatientScreenPage from './views/PatientScreenPage.vue';
import RecordPage from './views/session/RecordPage.vue';
import ExtractPage from './views/session/ExtractPage.vue';
import VisualisePage from './views/session/VisualisePage.vue';
import SelectPage from './views/session/SelectPage.vue';
import TrainPage from './views/session/TrainPage.vue';
import { stepRouteName, type WorkflowStep } from './state/workflow.ts';

/** Route params arrive as strings; a page gets a positive integer or NaN, never a string. */
const toId = (value: unknown): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : Number.NaN;
};

const sessionProps = (route: RouteLocationNormalized) => ({ patientId: toId(route.params.patientId), sessionId: toId(route.params.sessionId) });

const step = (name: WorkflowStep, component: object) => ({
  path: name,
  name: stepRouteName(name),
  component,
  meta: { titleKey: `workflow.steps.${name}`, step: name },
  props: sessionProps,
});

export function createAppRouter() {
  const router = createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/patients' },
      { path: '/patients', name: 'patients', component: PatientsPage, meta: { titleKey: 'titles.patients' } },
      { path: '/patients/:patientId', name: 'patient', component: PatientPage, meta: { titleKey: 'titles.patient' }, props: (route) => ({ patientId: toId(route.params.patientId) }) },
      { path: '/patients/:patientId/review', name: 'patient-review', component: PatientReviewPage, meta: { titleKey: 'titles.review' }, props: (route) => ({ patientId: toId(route.params.patientId) }) },
      {
        path: '/patients/:patientId/sessions/:sessionId',
        component: SessionPage,
        props: sessionProps,
        children: [
          // A session opens on recording; the address keeps `?device=` for the acquisition panel.
          { path: '', name: 'session', redirect: (to) => ({ name: stepRouteName('record'), params: to.params, query: to.query }) },
          {
            ...step('record', RecordPage),
            props: (route: RouteLocationNormalized) => ({ ...sessionProps(route), device: typeof route.query.device === 'string' ? route.query.device : null }),
          },
          step('extract', ExtractPage),
          step('visualise', VisualisePage),
          step('select', SelectPage),
          step('train', TrainPage),
        ],
      },
      {
        path: '/monitor',
        name: 'monitor',
        component: MonitorPage,
        meta: { titleKey: 'titles.monitor' },
        props: (route) => ({ device: typeof route.query.device === 'string' ? route.query.device : null }),
      },
      { path: '/settings', name: 'settings', component: SettingsPage, meta: { titleKey: 'titles.settings' } },
      // The patient's screen during a protocol run: a window (Electron) or tab of its own, without the app's chrome.
      { path: '/patient', name: 'patient-screen', component: PatientScreenPage, meta: { titleKey: 'titles.patientScreen', bare: true } },
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
