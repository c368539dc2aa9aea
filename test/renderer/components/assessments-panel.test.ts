// The progress screen's assessments panel: its markup in English and French (server-rendered) from a review the service computed, and what the form does: the check under each field, the call, the correction.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import type { Assessment, PatientReview } from '../../../src-main/contract/index.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { patientReview } from '../../../src-main/services/review/patient-review.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import AssessmentsPanel from '../../../src-renderer/src/components/review/AssessmentsPanel.vue';
import { useAssessmentForm } from '../../../src-renderer/src/composables/assessment-form.ts';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { assessedHistory, seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';
import { createFakeClient, type FakeClient } from '../stores/fake-client.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-assessments-panel-'));
const db = openDatabase(dir);
const review: PatientReview = patientReview(db, seedTherapyHistory(db, 'AP-001', assessedHistory).patientId);
const bare: PatientReview = patientReview(db, seedTherapyHistory(db, 'AP-002').patientId);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
});

async function rendered(locale: 'en' | 'fr', of: PatientReview): Promise<string> {
  const app = createSSRApp({ render: () => h(AssessmentsPanel, { review: of }) });
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, fr }, datetimeFormats: { en: { short: { year: 'numeric', month: 'short', day: 'numeric' } }, fr: { short: { year: 'numeric', month: 'short', day: 'numeric' } } } }));
  return (await renderToString(app)).replace(/ data-v-\w+/g, '').replace(/<!--[[\]]?-->/g, '');
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('AssessmentsPanel.vue', () => {
  it('in English: a table per scale (scores, change from first, Correct), the summary sentences, the form', async () => {
    const html = await rendered('en', review);
    const words = text(html);
    expect(words).toContain('Clinical assessments');
    expect(words).toContain('Fugl-Meyer Assessment, upper extremity (FMA-UE, 0–66)');
    expect(words).toContain('FMA-UE: 22 at week 0, 31 at week 6 (5 sessions assessed): a change of +9 points, which reaches the minimal clinically important difference (4.25–7.25 points).');
    expect(words).toContain('ARAT: 10 at week 0, 14 at week 6 (2 sessions assessed): a change of +4 points, which does not reach');
    const fmaTable = /<table class="assessments__table" data-testid="assessment-table-fma-ue">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(fmaTable.match(/<tr data-assessment-id/g)).toHaveLength(5);
    expect(text(fmaTable)).toMatch(/27 \/ 66 corrected \+5 typing error corrected Correct/);
    expect(fmaTable).toContain('aria-label="Correct the FMA-UE score 31 of');
    expect(html).toMatch(/data-testid="assessment-summary-fma-ue" data-mcid="reached"/);
    expect(html).toMatch(/data-testid="assessment-summary-arat" data-mcid="not-reached"/);
    // The form: the latest session chosen, FMA-UE, the score's range as help, the day of the session, no error shown.
    expect(words).toContain('Record an assessment');
    expect(html).toMatch(/<option value="\d+" selected>Oct 19, 2026 \(week 6\)<\/option>/);
    expect(words).toContain('Whole points, 0 to 66');
    expect(html).toContain('value="2026-10-19"');
    expect(html).not.toContain('role="alert"');
    expect(words).not.toMatch(/significan/i);
  });

  it('in French: the same panel in French words and numbers', async () => {
    const words = text(await rendered('fr', review));
    expect(words).toContain('Évaluations cliniques');
    expect(words).toContain('FMA-UE : 22 en semaine 0, 31 en semaine 6 (5 séances évaluées) : un changement de +9 points, qui atteint la différence minimale cliniquement importante (4,25–7,25 points).');
    expect(words).toContain('Enregistrer une évaluation');
    expect(words).toContain('Points entiers, de 0 à 66');
    expect(words).toContain('Corriger');
  });

  it('a patient without assessments: says so, and offers the form', async () => {
    const html = await rendered('en', bare);
    expect(html).toContain('data-testid="assessments-none"');
    expect(html).not.toContain('<table');
    expect(html).toContain('data-testid="assessment-form"');
  });
});

describe('the assessment form', () => {
  it('a bad score is shown under the score field and nothing is sent; a good one is sent, said, and the form reset', async () => {
    const recorded: Assessment[] = [];
    const control = useAssessmentForm(() => review, (a) => { recorded.push(a); });
    control.form.score = '70';
    expect(await control.submit()).toBe(false);
    expect(control.problemOf('score')).toMatchObject({ key: 'scoreOutOfRange', params: { max: 66 } });
    expect(client.calls).toEqual([]);

    const sessionId = review.sessions[1].sessionId;
    control.chooseSession(sessionId);
    expect(control.form.assessedAt).toBe('2026-09-14');
    control.form.score = '26';
    const reply: Assessment = { id: 40, sessionId, scale: 'fma-ue', score: 26, assessedAt: '2026-09-14', notes: '', replaces: null, replacedBy: null, createdAt: 'now' };
    client.reply('assessments.add', () => ({ ok: true, value: reply }));
    expect(await control.submit()).toBe(true);
    expect(client.calls).toEqual([{ method: 'assessments.add', params: { sessionId, scale: 'fma-ue', score: 26, assessedAt: '2026-09-14', notes: '' } }]);
    expect(recorded).toEqual([reply]);
    expect(control.last.value).toEqual(reply);
    expect(control.problems.value).toEqual([]);
    expect(control.form.score).toBe('');
  });

  it('Correct prefills the row and sends replaces; a refusal from main is kept to show', async () => {
    const control = useAssessmentForm(() => review, () => {});
    const earlier = review.sessions[3].assessments[0];
    control.correct(earlier);
    expect(control.form).toMatchObject({ sessionId: earlier.sessionId, scale: 'fma-ue', score: '30', replaces: earlier.id });
    control.form.score = '32';
    client.reply('assessments.add', () => ({ ok: false, error: { code: 'bad-input', message: 'Assessment was already corrected.', detail: { reason: 'assessment-refused', params: { why: 'already-replaced', scale: 'fma-ue', score: 32, replaces: earlier.id } } } }));
    expect(await control.submit()).toBe(false);
    expect(client.calls).toEqual([{ method: 'assessments.add', params: { sessionId: earlier.sessionId, scale: 'fma-ue', score: 32, assessedAt: earlier.assessedAt, notes: '', replaces: earlier.id } }]);
    expect(control.error.value?.detail).toMatchObject({ reason: 'assessment-refused', params: { why: 'already-replaced' } });
    // Cancelling the correction returns to a new assessment.
    control.reset();
    expect(control.form.replaces).toBeNull();
  });
});
