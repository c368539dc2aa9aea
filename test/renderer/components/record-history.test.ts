// The record history panel: its heading and the append-only line in English and French (server-rendered), and what it asks `audit.list` for: the first page, "Show more" up to the API maximum, a refusal kept for the alert.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import { AUDIT_LIST_MAX, type AuditEntry } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import RecordHistory from '../../../src-renderer/src/components/review/RecordHistory.vue';
import { useRecordHistory } from '../../../src-renderer/src/composables/record-history.ts';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { createFakeClient, type FakeClient } from '../stores/fake-client.ts';

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
});

async function rendered(locale: 'en' | 'fr'): Promise<string> {
  const app = createSSRApp({ render: () => h(RecordHistory, { patientId: 3, revision: 'r1' }) });
  // Nothing is listed before mounting (server-side), so no link is drawn; the router's component is not needed.
  app.component('RouterLink', { render: () => null });
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, fr } }));
  return (await renderToString(app)).replace(/ data-v-\w+/g, '');
}

/** `n` entries of patient 3, newest first, ids counting down. */
const entries = (n: number): AuditEntry[] => Array.from({ length: n }, (_, i) => ({
  id: n - i, at: '2026-09-14T09:00:00.000Z', actor: 'app', action: 'session.created', subject: `session:${n - i}`, details: { patientId: 3, sessionId: n - i }, prevHash: '0'.repeat(64), hash: '1'.repeat(64),
}));

describe('RecordHistory.vue', () => {
  it('in English and French: the heading and that the log is append-only and checked by Settings > Integrity check', async () => {
    const english = await rendered('en');
    expect(english).toContain('<h2 id="record-history-heading">Record history</h2>');
    expect(english).toContain('The log is append-only: no entry is ever changed or removed, and Settings &gt; Integrity check verifies that none was.');
    const french = await rendered('fr');
    expect(french).toContain('<h2 id="record-history-heading">Historique du dossier</h2>');
    expect(french).toContain('Réglages &gt; Contrôle d’intégrité le vérifie.');
  });
});

describe('reading the history', () => {
  it('asks for the patient\'s latest 50, then 50 more per "Show more", and stops when a page comes back short', async () => {
    const log = entries(120);
    client.reply('audit.list', (params) => ({ ok: true, value: log.slice(0, params.limit) }));
    const history = useRecordHistory(() => 3);
    await history.load();
    expect(history.entries.value).toHaveLength(50);
    expect(history.more.value).toBe(true);
    await history.showMore();
    await history.showMore();
    expect(history.entries.value).toHaveLength(120);
    expect(history.more.value).toBe(false);
    // Nothing more to ask for: a further click asks nothing.
    await history.showMore();
    expect(client.calls.map((c) => c.params)).toEqual([{ patientId: 3, limit: 50 }, { patientId: 3, limit: 100 }, { patientId: 3, limit: 150 }]);
  });

  it('never asks above the API maximum, where it says no more can be shown', async () => {
    client.reply('audit.list', (params) => ({ ok: true, value: entries(params.limit ?? 100) }));
    const history = useRecordHistory(() => 3);
    await history.load();
    while (history.more.value) await history.showMore();
    expect(history.limit.value).toBe(AUDIT_LIST_MAX);
    expect(history.entries.value).toHaveLength(AUDIT_LIST_MAX);
    expect(client.calls).toHaveLength(AUDIT_LIST_MAX / 50);
    expect(client.calls.every((c) => (c.params as { limit: number }).limit <= AUDIT_LIST_MAX)).toBe(true);
  });

  it('keeps a refusal for the alert and the entries already shown; the next try asks for the same page', async () => {
    client.reply('audit.list', (params) => ({ ok: true, value: entries(200).slice(0, params.limit) }));
    const history = useRecordHistory(() => 3);
    await history.load();
    client.reply('audit.list', () => ({ ok: false, error: { code: 'not-found', message: 'There is no patient with id 3.' } }));
    await history.showMore();
    expect(history.error.value).toMatchObject({ code: 'not-found' });
    expect(history.entries.value).toHaveLength(50);
    expect(history.limit.value).toBe(50);
    client.reply('audit.list', (params) => ({ ok: true, value: entries(200).slice(0, params.limit) }));
    await history.showMore();
    expect(history.error.value).toBeNull();
    expect(history.entries.value).toHaveLength(100);
    expect(client.calls.map((c) => (c.params as { limit: number }).limit)).toEqual([50, 100, 100]);
  });
});
