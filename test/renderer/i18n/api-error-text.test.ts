// The renderer words API errors from their code and reason parameters in the user's language.
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { apiErrorText, jobErrorText, type Translator } from '../../../src-renderer/src/i18n/api-error-text.ts';
import { archiveProblems, deviceProblems, type ApiError, type ErrorDetail, type ErrorReason, type JobError } from '../../../src-main/contract/index.ts';

function translator(locale: 'en' | 'fr'): Translator {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, fr }, missingWarn: false, fallbackWarn: false });
  return { t: (key, params) => (params ? i18n.global.t(key, params) : i18n.global.t(key)), te: (key) => i18n.global.te(key) };
}

// One example per reason (a record over the union: a reason added to the contract fails to compile here until it has one).
const examples: Record<ErrorReason, ErrorDetail> = {
  'invalid-field': { reason: 'invalid-field', params: { method: 'patients.create', field: 'code', detail: 'expected 2 to 32 letters' } },
  missing: { reason: 'missing', params: { thing: 'session', id: '4' } },
  'already-exists': { reason: 'already-exists', params: { thing: 'run', name: 'S001R04.edf', existingId: 2 } },
  'not-a-recording': { reason: 'not-a-recording', params: { file: 'notes.edf', detail: 'not EDF' } },
  'runs-differ': { reason: 'runs-differ', params: { first: 1, second: 3, what: 'channels' } },
  'file-changed': { reason: 'file-changed', params: { thing: 'model', id: 7, missing: false } },
  'no-model': { reason: 'no-model', params: { attemptId: 7 } },
  'other-session': { reason: 'other-session', params: { attemptId: 7, sessionId: 2 } },
  'storage-unwritable': { reason: 'storage-unwritable', params: { folder: '/data' } },
  'amplifier-busy': { reason: 'amplifier-busy', params: { sessionId: 3, patientCode: 'P001', recording: true } },
  'device-failed': { reason: 'device-failed', params: { device: 'cyton', problem: 'port-busy', target: '/dev/ttyUSB0', detail: 'serial port /dev/ttyUSB0 is busy' } },
  'settings-unwritable': { reason: 'settings-unwritable', params: { file: '/data/settings.json', detail: 'EACCES' } },
  'database-damaged': { reason: 'database-damaged', params: { file: '/data/neurofeat.sqlite', problem: 'integrity' } },
  'database-newer': { reason: 'database-newer', params: { schema: 9, known: 7 } },
  'no-acquisition': { reason: 'no-acquisition', params: { sessionId: 3 } },
  'no-chosen-model': { reason: 'no-chosen-model', params: { sessionId: 3 } },
  'model-mismatch': { reason: 'model-mismatch', params: { attemptId: 7, what: 'channels', missing: 'C3, C4', modelRateHz: 250, deviceRateHz: 250 } },
  'protocol-state': { reason: 'protocol-state', params: { action: 'pause', state: 'idle' } },
  'display-missing': { reason: 'display-missing', params: { display: 3, count: 2 } },
  'cue-not-owner': { reason: 'cue-not-owner', params: { sessionId: 5, ownerSessionId: 3, patientCode: 'P001' } },
  'too-few-trials': { reason: 'too-few-trials', params: { folds: 10, classes: ['T1', 'T2'], counts: [8, 7] } },
  'class-not-found': { reason: 'class-not-found', params: { className: 'T7', events: ['T0', 'T2', 'T1'] } },
  'class-too-few-kept': { reason: 'class-too-few-kept', params: { className: 'T1', kept: 0, needed: 2 } },
  'recordings-differ': { reason: 'recordings-differ', params: { first: 'S001R04.edf', second: 'test_reduced.edf', what: 'sample-rate' } },
  'band-outside-spectrum': { reason: 'band-outside-spectrum', params: { fminHz: 8, fmaxHz: 90, nyquistHz: 80 } },
  'band-empty': { reason: 'band-empty', params: { fminHz: 10.1, fmaxHz: 10.2, resolutionHz: 1 } },
  'recording-changed': { reason: 'recording-changed', params: { file: 'S001R04.edf', missing: false } },
  'model-unchecked': { reason: 'model-unchecked', params: { trial: 3 } },
  'too-few-runs': { reason: 'too-few-runs', params: { runs: 1 } },
  'fold-one-class': { reason: 'fold-one-class', params: { run: 2 } },
  'trials-differ': { reason: 'trials-differ', params: { stage: 'comparison', bandHz: null, first: 45, second: 44 } },
  'baseline-outside-epoch': { reason: 'baseline-outside-epoch', params: { startSec: 3, endSec: 5, epochStartSec: 0, epochEndSec: 3 } },
  'baseline-too-short': { reason: 'baseline-too-short', params: { startSec: -1, endSec: -0.5, frameSec: 1 } },
  'epoch-shorter-than-frame': { reason: 'epoch-shorter-than-frame', params: { epochSec: 0.75, frameSec: 1 } },
  'channel-not-found': { reason: 'channel-not-found', params: { channel: 'Qq9', channels: ['C3..', 'Cz..', 'C4..'] } },
  'no-default-classes': { reason: 'no-default-classes', params: { events: ['1 (left)', '2 (right)'] } },
  'band-outside-features': { reason: 'band-outside-features', params: { fminHz: 50, fmaxHz: 60, loHz: 7, hiHz: 35, channel: 'C3' } },
  'no-candidate-feature': { reason: 'no-candidate-feature', params: { stage: 'rule' } },
  'segment-longer-than-epoch': { reason: 'segment-longer-than-epoch', params: { segmentSec: 1, epochSec: 0.5 } },
  'connectivity-one-segment': { reason: 'connectivity-one-segment', params: { segmentSec: 0.5, epochSec: 0.6, maxSegmentSec: 0.4 } },
  'impedance-refused': { reason: 'impedance-refused', params: { device: 'synthetic', why: 'unsupported' } },
  'archive-refused': { reason: 'archive-refused', params: { file: '/media/usb/P-01.tar', entry: 'recordings/run-2.edf', problem: 'altered' } },
  'export-unwritable': { reason: 'export-unwritable', params: { folder: '/media/usb' } },
  'assessment-refused': { reason: 'assessment-refused', params: { why: 'score-out-of-range', scale: 'fma-ue', score: 70, min: 0, max: 66 } },
};
const error = (code: ApiError['code'], detail?: ErrorDetail, recovery?: string): ApiError => ({ code, message: 'The English sentence.', ...(recovery ? { recovery } : {}), ...(detail ? { detail } : {}) });

describe('API errors in the user\'s language', () => {
  it('words each reason in English and French with every parameter filled in', () => {
    for (const locale of ['en', 'fr'] as const) {
      for (const detail of Object.values(examples)) {
        const text = apiErrorText(error('bad-input', detail), translator(locale));
        expect(text.message, `${locale} ${detail.reason}`).not.toBe('The English sentence.');
        expect(text.message, `${locale} ${detail.reason}`).not.toMatch(/[{}]/);
      }
    }
  });

  it('words every assessment refusal with its own recovery, in English and French', () => {
    const whys = ['unknown-scale', 'score-out-of-range', 'score-not-integer', 'bad-day', 'replaces-missing', 'replaces-other', 'already-replaced'] as const;
    for (const locale of ['en', 'fr'] as const) {
      const messages = new Set<string>();
      for (const why of whys) {
        const text = apiErrorText(error('bad-input', { reason: 'assessment-refused', params: { why, scale: 'arat', score: 58, min: 0, max: 57, replaces: 4 } }, 'Server hint.'), translator(locale));
        expect(text.message, `${locale} ${why}`).not.toMatch(/[{}]|The English sentence/);
        expect(text.recovery, `${locale} ${why}`).not.toBe('Server hint.');
        messages.add(text.message);
      }
      expect(messages.size).toBe(whys.length);
    }
    const en = apiErrorText(error('bad-input', { reason: 'assessment-refused', params: { why: 'score-out-of-range', scale: 'fma-ue', score: 70, min: 0, max: 66 } }), translator('en'));
    expect(en.message).toBe('An FMA-UE score of 70 is outside the scale’s range, 0 to 66.');
    const fr = apiErrorText(error('bad-input', { reason: 'assessment-refused', params: { why: 'score-out-of-range', scale: 'fma-ue', score: 70, min: 0, max: 66 } }), translator('fr'));
    expect(fr.message).toBe('Un score FMA-UE de 70 est hors de l’étendue de l’échelle, de 0 à 66.');
  });

  it('words every device problem, with its own recovery, in English and French', () => {
    for (const locale of ['en', 'fr'] as const) {
      const seen = new Set<string>();
      for (const problem of deviceProblems) {
        const text = apiErrorText(error('device-unavailable', { reason: 'device-failed', params: { device: 'cyton', problem, target: '/dev/ttyUSB0', detail: 'the driver said so' } }, 'Server hint.'), translator(locale));
        expect(text.message, `${locale} ${problem}`).not.toBe('The English sentence.');
        expect(text.message, `${locale} ${problem}`).not.toMatch(/[{}]/);
        expect(text.recovery, `${locale} ${problem}`).not.toBe('Server hint.');
        seen.add(text.message);
      }
      expect(seen.size).toBe(deviceProblems.length);
    }
    const busy = apiErrorText(error('device-unavailable', examples['device-failed']), translator('fr'));
    expect(busy.message).toBe('Le port série /dev/ttyUSB0 est occupé : un autre programme le tient.');
    expect(apiErrorText(error('device-unavailable', examples['device-failed']), translator('en')).message).toBe('The serial port /dev/ttyUSB0 is busy: another program holds it.');
  });

  it('translates the things and the variants a parameter chooses', () => {
    const fr1 = translator('fr');
    expect(apiErrorText(error('not-found', examples.missing), fr1)).toMatchObject({ title: 'Introuvable', message: 'Introuvable : séance 4.' });
    expect(apiErrorText(error('file-changed', examples['file-changed']), translator('en')).message).toBe('The file of model 7 was changed since it was saved.');
    expect(apiErrorText(error('file-changed', { reason: 'file-changed', params: { thing: 'run', id: 2, missing: true } }), fr1).message).toBe('Le fichier (enregistrement 2) est introuvable.');
    expect(apiErrorText(error('bad-input', examples['runs-differ']), translator('en')).message).toBe('Runs 1 and 3 have different channels.');
  });

  it('words the storage banner\'s reason in French: each kind of damaged database, and a newer one', () => {
    const fr1 = translator('fr');
    for (const problem of ['empty', 'unopenable', 'integrity', 'not-sqlite'] as const) {
      const text = apiErrorText(error('storage-unwritable', { reason: 'database-damaged', params: { file: '/d/neurofeat.sqlite', problem } }), fr1);
      expect(text.message).toMatch(/\/d\/neurofeat\.sqlite.*NeuroFeat n’y a pas touché\.$/);
      expect(text.recovery).toMatch(/^Gardez une copie du fichier/);
    }
    expect(apiErrorText(error('storage-unwritable', examples['database-newer']), fr1).message).toBe('La base de données a été écrite par une version plus récente de NeuroFeat (schéma 9 ; cette version connaît jusqu’au 7).');
    expect(apiErrorText(error('storage-unwritable', examples['storage-unwritable']), fr1)).toMatchObject({ title: 'Le dossier de données n’est pas accessible en écriture', message: 'Le dossier de données /data n’est pas accessible en écriture.' });
  });

  it('words each kind of refused patient archive in English and French, the archive itself where no entry is named', () => {
    for (const locale of ['en', 'fr'] as const) {
      const seen = new Set<string>();
      for (const problem of archiveProblems) {
        const text = apiErrorText(error('bad-input', { reason: 'archive-refused', params: { file: '/m/P.tar', entry: null, problem } }, 'Server hint.'), translator(locale));
        expect(text.message, `${locale} ${problem}`).toMatch(/\/m\/P\.tar/);
        expect(text.message, `${locale} ${problem}`).not.toMatch(/[{}]/);
        expect(text.recovery, `${locale} ${problem}`).not.toBe('Server hint.');
        seen.add(text.message);
      }
      expect(seen.size).toBe(archiveProblems.length);
    }
    expect(apiErrorText(error('bad-input', examples['archive-refused']), translator('en'))).toMatchObject({
      message: 'The patient archive /media/usb/P-01.tar was altered since it was exported (recordings/run-2.edf).',
      recovery: 'Nothing was imported. Copy the archive again, or export it again on the workstation it came from.',
    });
    expect(apiErrorText(error('bad-input', { reason: 'archive-refused', params: { file: '/m/P.tar', entry: null, problem: 'truncated' } }), translator('fr')).message)
      .toBe('L’archive de patient /m/P.tar est incomplète : elle a été tronquée (l’archive elle-même).');
    expect(apiErrorText(error('bad-input', { reason: 'archive-refused', params: { file: '/m/P.tar', entry: 'manifest.json', problem: 'unknown-version' } }), translator('fr')).recovery)
      .toBe('Rien n’a été importé. Mettez NeuroFeat à jour sur ce poste.');
    // An export's target that exists: not "open the existing one" but another name.
    expect(apiErrorText(error('conflict', { reason: 'already-exists', params: { thing: 'file', name: '/m/P.tar' } }), translator('en'))).toMatchObject({
      message: '/m/P.tar already exists.', recovery: 'Choose another name, or move the existing file away: NeuroFeat never replaces a file.',
    });
    expect(apiErrorText(error('conflict', examples['already-exists']), translator('en')).recovery).toBe('Open the existing one, or choose another name.');
  });

  it('gives the recovery in the user\'s language where the reason has one, else the server\'s hint', () => {
    expect(apiErrorText(error('bad-input', examples['no-model'], 'Server hint.'), translator('fr')).recovery).toMatch(/^Choisissez un essai/);
    expect(apiErrorText(error('not-found', examples.missing, 'Server hint.'), translator('fr')).recovery).toBe('Server hint.');
  });

  it('falls back to the server\'s sentence for an error without a reason', () => {
    expect(apiErrorText(error('engine-unavailable', undefined, 'Wait.'), translator('fr'))).toEqual({ title: 'Le moteur d’acquisition est indisponible', message: 'The English sentence.', recovery: 'Wait.' });
  });

  it('words a failed job\'s reason with what to do, in English and French, without any flag of the command line', () => {
    const job = (detail?: ErrorDetail): JobError => ({ code: 'bad-input', message: 'cross-validation: too few trials for 10 folds (8 of \'T1\', 7 of \'T2\'); use fewer folds', ...(detail ? { detail } : {}) });
    const en1 = translator('en');
    const fr1 = translator('fr');
    expect(jobErrorText(job(examples['too-few-trials']), en1)).toEqual({
      message: 'Cross-validation with 10 folds needs at least 10 trials of each class; the runs keep T1: 8, T2: 7.',
      recovery: 'Choose fewer folds, or add runs.',
      worded: true,
    });
    expect(jobErrorText(job(examples['too-few-trials']), fr1)).toEqual({
      message: 'La validation croisée en 10 plis demande au moins 10 essais par classe ; les enregistrements en gardent T1 : 8, T2 : 7.',
      recovery: 'Choisissez moins de plis, ou ajoutez des enregistrements.',
      worded: true,
    });
    expect(jobErrorText(job(examples['class-not-found']), en1).message).toBe('No event of the recordings matches the class T7; events present: T0, T2, T1.');
    expect(jobErrorText(job(examples['class-not-found']), fr1).message).toBe('Aucun événement des enregistrements ne correspond à la classe T7 ; événements présents : T0, T2, T1.');
    expect(jobErrorText(job({ reason: 'class-not-found', params: { className: '770', events: [] } }), en1).message).toBe('No event matches the class 770: the recordings hold no event at all.');
    expect(jobErrorText(job(examples['recordings-differ']), fr1).message).toBe('Les enregistrements S001R04.edf et test_reduced.edf n’ont pas la même fréquence d’échantillonnage.');
    expect(jobErrorText(job({ reason: 'recordings-differ', params: { first: 'a.edf', second: 'b.edf', what: 'channels' } }), en1)).toEqual({
      message: 'The recordings a.edf and b.edf have different channels.',
      recovery: 'Choose runs recorded with the same amplifier settings and montage.',
      worded: true,
    });
    expect(jobErrorText(job(examples['band-outside-spectrum']), en1).message).toBe('The band 8-90 Hz goes beyond the spectrum of these recordings (0 to 80 Hz).');
    expect(jobErrorText(job(examples['band-outside-spectrum']), fr1).message).toBe('La bande 8-90 Hz dépasse le spectre de ces enregistrements (0 à 80 Hz).');
    expect(jobErrorText(job(examples['class-too-few-kept']), fr1)).toEqual({
      message: 'La classe T1 garde 0 essai(s) après rejet ; il en faut au moins 2.',
      recovery: 'Relevez ou retirez le seuil de rejet, vérifiez la fenêtre d’époque, ou ajoutez des enregistrements.',
      worded: true,
    });
    expect(jobErrorText(job({ reason: 'file-changed', params: { thing: 'run', id: 4, missing: false } }), en1)).toEqual({
      message: 'The file of run 4 was changed since it was saved.',
      recovery: 'Import the original file again, or train again; a changed file is never used.',
      worded: true,
    });
    expect(jobErrorText(job(examples['recording-changed']), en1).message).toBe('The recording S001R04.edf changed after it was recorded or imported: it is no longer the file NeuroFeat checked.');
    expect(jobErrorText(job({ reason: 'recording-changed', params: { file: 'S001R08.edf', missing: true } }), fr1).message).toBe('L’enregistrement S001R08.edf est introuvable : il a été déplacé ou supprimé après avoir été choisi.');
    expect(jobErrorText(job(examples['model-unchecked']), en1).message).toBe('The trained model gave another probability than NeuroFeat on check trial 3: it was not stored.');
    // The failures that reached the app in English only before their reasons: worded in French, with what to do.
    const unnamed = jobErrorText(job({ reason: 'too-few-trials', params: { folds: 5, classes: [], counts: [4, 4] } }), fr1);
    expect(unnamed.message).toBe('La validation croisée en 5 plis demande au moins 5 essais par classe ; les enregistrements en gardent classe 1 : 4, classe 2 : 4.');
    expect(jobErrorText(job(examples['trials-differ']), fr1)).toEqual({
      message: 'Les familles comparées ont été évaluées sur des essais différents (45 et 44) : les enregistrements filtrés ne gardent pas les mêmes essais que les bruts.',
      recovery: 'Vérifiez les enregistrements (coupures ou segments saturés autour des essais), ou écartez l’enregistrement en cause.',
      worded: true,
    });
    expect(jobErrorText(job({ reason: 'trials-differ', params: { stage: 'filter-bank', bandHz: [8, 12], first: 45, second: 44 } }), fr1).message).toBe('La bande 8-12 Hz du banc de filtres garde d’autres essais (44) que le filtrage principal (45).');
    expect(jobErrorText(job({ reason: 'trials-differ', params: { stage: 'psd-features', bandHz: null, first: 45, second: 44 } }), en1).message).toBe('The PSD features and the band-passed recordings keep different trials (45 and 44).');
    expect(jobErrorText(job(examples['baseline-outside-epoch']), fr1)).toEqual({
      message: 'La ligne de base ERD/ERS 3 à 5 s sort des époques (0 à 3 s après la consigne).',
      recovery: 'Choisissez une ligne de base qui finit avant la fin de la fenêtre d’époque, d’ordinaire avant la consigne (par exemple -2 à -0,5 s).',
      worded: true,
    });
    expect(jobErrorText(job(examples['baseline-too-short']), fr1).message).toBe('La ligne de base ERD/ERS -1 à -0.5 s est plus courte qu’une trame d’analyse de 1 s.');
    expect(jobErrorText(job(examples['epoch-shorter-than-frame']), fr1).message).toBe('Les époques (0.75 s) sont plus courtes qu’une trame d’analyse de 1 s de la carte ERD/ERS.');
    expect(jobErrorText(job(examples['channel-not-found']), fr1)).toEqual({
      message: 'Les enregistrements n’ont pas de voie Qq9 ; leurs voies : C3.., Cz.., C4...',
      recovery: 'Choisissez une des voies des enregistrements.',
      worded: true,
    });
    expect(jobErrorText(job(examples['channel-not-found']), en1).message).toBe('The recordings have no channel Qq9; their channels: C3.., Cz.., C4...');
    expect(jobErrorText(job(examples['too-few-runs']), fr1).message).toBe('La validation par enregistrement (un enregistrement laissé de côté à tour de rôle) demande au moins deux enregistrements ; 1 seulement.');
    expect(jobErrorText(job(examples['fold-one-class']), en1).recovery).toBe('Choose runs that each hold both classes, or k-fold cross-validation.');
    expect(jobErrorText(job(examples['no-default-classes']), fr1)).toEqual({
      message: 'Aucune classe n’a été choisie, et les enregistrements ne contiennent ni 769/770 ni T1/T2 ; événements présents : 1 (left), 2 (right).',
      recovery: 'Choisissez les deux classes parmi les événements présents.',
      worded: true,
    });
    expect(jobErrorText(job(examples['band-outside-features']), fr1).message).toBe('La caractéristique C3 50-60 Hz ne contient aucune fréquence des caractéristiques calculées (7 à 35 Hz).');
    expect(jobErrorText(job({ reason: 'band-outside-features', params: { fminHz: 50, fmaxHz: 60, loHz: 7, hiHz: 35, channel: null } }), en1).message).toBe('The band 50-60 Hz holds no frequency of the features computed (7 to 35 Hz).');
    expect(jobErrorText(job(examples['no-candidate-feature']), fr1).recovery).toBe('Choisissez le sens « Tout changement », ou une plage de fréquences plus large.');
    expect(jobErrorText(job({ reason: 'no-candidate-feature', params: { stage: 'mask' } }), en1).message).toBe('The channels and the frequency range chosen leave no feature to select.');
    expect(jobErrorText(job(examples['segment-longer-than-epoch']), fr1).message).toBe('La fenêtre d’époque de 0.5 s est plus courte que le segment d’analyse de 1 s de cette méthode.');
    expect(jobErrorText(job(examples['connectivity-one-segment']), en1).message).toBe('The 0.6 s epoch window holds a single 0.5 s connectivity segment: coherence needs at least two (segments of at most 0.4 s).');
    // (The runtime's name is left out of this file: the tier check reads it as a test that runs it.)
    expect(jobErrorText(job({ reason: 'model-unchecked', params: { trial: null } }), fr1).message).toMatch(/^Le modèle entraîné n’a pas pu être vérifié dans \S+ : il n’a pas été enregistré\.$/);
    for (const locale of ['en', 'fr'] as const) {
      for (const detail of Object.values(examples)) expect(jobErrorText(job(detail), translator(locale)).message, `${locale} ${detail.reason}`).not.toMatch(/--\w/);
    }
  });

  it('falls back to a failed job\'s English message and hint for a job without a reason, or a reason the renderer does not know', () => {
    const plain: JobError = { code: 'internal', message: 'NeuroFeat failed while running the job: boom', recovery: 'Report it.' };
    expect(jobErrorText(plain, translator('fr'))).toEqual({ message: 'NeuroFeat failed while running the job: boom', recovery: 'Report it.', worded: false });
    const unknown = { code: 'failed', message: 'Something new.', detail: { reason: 'from-a-newer-host', params: {} } } as unknown as JobError;
    expect(jobErrorText(unknown, translator('fr'))).toEqual({ message: 'Something new.', recovery: null, worded: false });
  });
});
