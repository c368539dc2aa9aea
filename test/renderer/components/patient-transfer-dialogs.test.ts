// The patient archive's file dialogs in the renderer: the picker only where the preload bridge is, "Choose…"/"Choisir…" next to the export and import paths only with it, and the path chosen filling the field (a cancelled dialog leaves it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSSRApp, h, ref, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import { createPinia } from 'pinia';
import type { FileDialogName, FileDialogText, PreloadBridge } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { filePicker } from '../../../src-renderer/src/api/file-dialog.ts';
import PatientExportForm from '../../../src-renderer/src/components/patients/PatientExportForm.vue';
import PatientImportForm from '../../../src-renderer/src/components/patients/PatientImportForm.vue';
import { pathChooser } from '../../../src-renderer/src/composables/path-chooser.ts';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { createFakeClient } from '../stores/fake-client.ts';

const bridgeHolder = globalThis as { neurofeat?: Pick<PreloadBridge, 'chooseFiles'> };
beforeEach(() => setClient(createFakeClient()));
afterEach(() => {
  delete bridgeHolder.neurofeat;
});

async function rendered(form: Component, props: Record<string, unknown>, locale: 'en' | 'fr'): Promise<string> {
  const app = createSSRApp({ render: () => h(form, props) });
  app.use(createPinia());
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, fr } }));
  // Without the scoped-style attributes, to read the markup.
  return (await renderToString(app)).replace(/ data-v-\w+/g, '');
}

const forms: [string, Component, Record<string, unknown>, string][] = [
  ['PatientExportForm', PatientExportForm, { patientId: 4, code: 'P-01' }, 'patient-export-choose'],
  ['PatientImportForm', PatientImportForm, {}, 'patient-import-choose'],
];

describe('Choose… next to the patient archive path', () => {
  for (const [name, form, props, testId] of forms) {
    it(`${name}: no button in a browser (no bridge); "Choose…" in English and "Choisir…" in French with the bridge, a plain button after the path field`, async () => {
      const browser = await rendered(form, props, 'en');
      expect(browser).not.toContain(testId);
      expect(browser).not.toContain('Choose…');
      bridgeHolder.neurofeat = { chooseFiles: async () => [] };
      const english = await rendered(form, props, 'en');
      expect(english).toMatch(new RegExp(`<input [^>]*type="text"[^>]*><button type="button" class="base-button base-button--secondary" data-testid="${testId}"><!--\\[-->Choose…<!--\\]--></button>`));
      const french = await rendered(form, props, 'fr');
      expect(french).toContain(`data-testid="${testId}"><!--[-->Choisir…<!--]--></button>`);
    });
  }
});

describe('filePicker', () => {
  it('is null without the preload bridge, and asks the bridge for the named dialog with its text otherwise', async () => {
    expect(filePicker({})).toBeNull();
    const asked: [FileDialogName, FileDialogText][] = [];
    const pick = filePicker({ neurofeat: { chooseFiles: async (dialog, text) => (asked.push([dialog, text]), ['/media/usb/P-01.tar']) } });
    expect(await pick?.('patient-archive-save', { title: 'T', filterName: 'F', defaultName: 'P-01.tar' })).toEqual(['/media/usb/P-01.tar']);
    expect(asked).toEqual([['patient-archive-save', { title: 'T', filterName: 'F', defaultName: 'P-01.tar' }]]);
  });
});

describe('pathChooser', () => {
  it('is null without a picker', () => {
    expect(pathChooser(null, 'patient-archive-open', () => ({ title: 'T', filterName: 'F' }), ref(''))).toBeNull();
  });

  it('fills the field with the path chosen, words the dialog at each click, and leaves the field as it was when cancelled', async () => {
    const answers = [['/media/usb/P-01.tar'], [] as string[]];
    const asked: [FileDialogName, FileDialogText][] = [];
    const field = ref('/typed/by/hand.tar');
    let title = 'Save the patient archive';
    const choose = pathChooser(async (dialog, text) => (asked.push([dialog, text]), answers.shift() ?? []), 'patient-archive-save', () => ({ title, filterName: 'F', defaultName: 'P-01.tar' }), field);
    await choose?.();
    expect(field.value).toBe('/media/usb/P-01.tar');
    title = 'Enregistrer l’archive du patient';
    await choose?.();
    expect(field.value).toBe('/media/usb/P-01.tar');
    expect(asked).toEqual([
      ['patient-archive-save', { title: 'Save the patient archive', filterName: 'F', defaultName: 'P-01.tar' }],
      ['patient-archive-save', { title: 'Enregistrer l’archive du patient', filterName: 'F', defaultName: 'P-01.tar' }],
    ]);
  });
});
