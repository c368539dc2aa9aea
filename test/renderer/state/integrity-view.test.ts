// The integrity check's result worded for the Settings page, in English and French, from the messages as shipped.
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import type { AuditVerification } from '../../../src-main/contract/index.ts';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { integrityView } from '../../../src-renderer/src/state/integrity-view.ts';

const intact: AuditVerification = {
  entries: 12, chain: { intact: true, firstBroken: null },
  recordings: { checked: 3, intact: 3, changed: [], missing: [] }, models: { checked: 1, intact: 1, changed: [], missing: [] }, elapsedMs: 420,
};
const broken: AuditVerification = {
  entries: 12, chain: { intact: false, firstBroken: { id: 7, problem: 'edited' } },
  recordings: { checked: 3, intact: 1, changed: [{ runId: 2, file: 'recordings/session-1/S001R04.edf', problem: 'content-changed' }], missing: [{ runId: 3, file: 'recordings/session-1/b.edf', problem: 'missing' }] },
  models: { checked: 1, intact: 0, changed: [], missing: [{ attemptId: 4, file: 'models/session-1/m.onnx', problem: 'missing' }] }, elapsedMs: 1234,
};

const words = (locale: 'en' | 'fr', v: AuditVerification) => {
  const i18n = createI18n({ legacy: false, locale, messages: { en, fr } });
  const { t } = i18n.global;
  const view = integrityView(v, (x) => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x));
  return { holds: view.holds, verdict: t(view.verdict.key, view.verdict.params, view.count), problems: view.problems.map((p) => t(p.key, p.params)) };
};

describe('integrityView', () => {
  it('says everything holds in one line, with what was checked', () => {
    expect(words('en', intact)).toEqual({ holds: true, verdict: 'Everything holds. Checked: audit entries 12, recordings 3, models 1 (0.4 s).', problems: [] });
    expect(words('fr', intact).verdict).toBe('Tout est intact. Vérifiés : entrées du journal d’audit 12, enregistrements 3, modèles 1 (0,4 s).');
  });

  it('counts the problems and words each: the chain first, then recordings, then models', () => {
    expect(words('en', broken)).toEqual({
      holds: false,
      verdict: '4 problems found:',
      problems: [
        'Audit entry 7 was edited: its content no longer matches its hash.',
        'Run 3 (recordings/session-1/b.edf): the file is missing.',
        'Run 2 (recordings/session-1/S001R04.edf): the file changed (another SHA-256 than registered).',
        'Model of training attempt 4 (models/session-1/m.onnx): the file is missing.',
      ],
    });
    const french = words('fr', broken);
    expect(french.verdict).toBe('4 problèmes trouvés :');
    expect(french.problems[0]).toBe('L’entrée 7 du journal d’audit a été modifiée : son contenu ne correspond plus à son empreinte.');
    expect(words('en', { ...intact, chain: { intact: false, firstBroken: { id: 13, problem: 'missing' } } })).toMatchObject({ verdict: 'One problem found:', problems: ['Audit entries are missing at entry 13: entries were removed from the log.'] });
  });
});
