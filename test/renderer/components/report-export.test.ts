// The report export control: its markup in English and French (server-rendered), and what a click does: the call, the saved file, the busy state, the error.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSSRApp, h, nextTick } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import type { ReportExport } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import ReportExportControl from '../../../src-renderer/src/components/review/ReportExport.vue';
import { reportLanguageOf, useReportExport } from '../../../src-renderer/src/composables/report-export.ts';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { createFakeClient, type FakeClient } from '../stores/fake-client.ts';

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
});

async function rendered(locale: 'en' | 'fr', patientId = 7): Promise<string> {
  const app = createSSRApp({ render: () => h(ReportExportControl, { patientId }) });
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, fr } }));
  // Without the scoped-style attributes, to read the markup.
  return (await renderToString(app)).replace(/ data-v-\w+/g, '');
}

const pdfReply: ReportExport = { fileName: 'progress-report-P-7-2026-11-30.pdf', mimeType: 'application/pdf', base64: Buffer.from('%PDF-1.4 test').toString('base64') };

describe('ReportExport.vue', () => {
  it('in English: the format choice (PDF first, chosen), the language of the window chosen, the button "Export report"', async () => {
    const html = await rendered('en');
    expect(html).toContain('Export report');
    expect(html).toMatch(/<legend>Format<\/legend><!--\[--><label class="report-export__choice"><input checked type="radio" name="report-format" value="pdf"> PDF \(A4\)<\/label><label class="report-export__choice"><input type="radio" name="report-format" value="html"> HTML \(one file\)<\/label>/);
    expect(html).toMatch(/<option value="en" selected>English<\/option>/);
    expect(html).toContain('<button type="button" class="base-button base-button--primary" data-test="report-export"><!--[-->Export report<!--]--></button>');
    expect(html).not.toContain('role="alert"');
  });

  it('in French: "Exporter le rapport", French chosen as the report\'s language', async () => {
    const html = await rendered('fr');
    expect(html).toContain('Exporter le rapport');
    expect(html).toContain('Rapport d’évolution');
    expect(html).toMatch(/<option value="fr" selected>français<\/option>/);
  });
});

describe('exporting a report', () => {
  it('calls review.report with the patient, format and language, and saves the decoded file under its name', async () => {
    client.reply('review.report', () => ({ ok: true, value: pdfReply }));
    const saved: { blob: Blob; name: string }[] = [];
    const control = useReportExport(() => 7, 'fr', (blob, name) => saved.push({ blob, name }));
    expect(control.lang.value).toBe('fr');
    control.format.value = 'html';
    const done = control.exportReport();
    expect(control.busy.value).toBe(true);
    // A second click while busy asks nothing more.
    await control.exportReport();
    await done;
    expect(client.calls).toEqual([{ method: 'review.report', params: { patientId: 7, format: 'html', lang: 'fr' } }]);
    expect(control.busy.value).toBe(false);
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toBe(pdfReply.fileName);
    expect(saved[0].blob.type).toBe('application/pdf');
    expect(new TextDecoder().decode(await saved[0].blob.arrayBuffer())).toBe('%PDF-1.4 test');
    expect(control.saved.value).toBe(pdfReply.fileName);
    expect(control.error.value).toBeNull();
  });

  it('keeps the error for the alert, saves nothing, and is ready again', async () => {
    client.reply('review.report', () => ({ ok: false, error: { code: 'not-found', message: 'There is no patient with id 7.', detail: { reason: 'missing', params: { thing: 'patient', id: '7' } } } }));
    const saved: string[] = [];
    const control = useReportExport(() => 7, 'en', (_blob, name) => saved.push(name));
    await control.exportReport();
    expect(control.error.value).toMatchObject({ code: 'not-found' });
    expect(saved).toEqual([]);
    expect(control.saved.value).toBeNull();
    expect(control.busy.value).toBe(false);
    // The next try clears the error.
    client.reply('review.report', () => ({ ok: true, value: pdfReply }));
    await control.exportReport();
    await nextTick();
    expect(control.error.value).toBeNull();
    expect(saved).toEqual([pdfReply.fileName]);
  });

  it('takes the report\'s language from the window\'s, English where the report has not the window\'s language', () => {
    expect(reportLanguageOf('fr')).toBe('fr');
    expect(reportLanguageOf('fr-CA')).toBe('fr');
    expect(reportLanguageOf('en-GB')).toBe('en');
    expect(reportLanguageOf('de')).toBe('en');
  });
});
