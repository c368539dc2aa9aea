// The app's file dialogs in the main process: which Electron dialog each name opens and with what, and every refusal (another frame, an unknown dialog, bad text, a default name that is not a bare archive name, a cancelled dialog).
import { describe, expect, it } from 'vitest';
import { createFileDialogHandler, type DialogShowers, type OpenDialogOptions, type SaveDialogOptions } from '../../src-main/electron/ipc-adapter.ts';

const page = 'app://neurofeat/index.html';

/** Electron's dialogs answering `open` and `save`, recording what each was asked. */
function fakeDialogs(open: { canceled: boolean; filePaths: string[] }, save: { canceled: boolean; filePath?: string }) {
  const opened: OpenDialogOptions[] = [];
  const saved: SaveDialogOptions[] = [];
  const show: DialogShowers = {
    open: async (options) => (opened.push(options), open),
    save: async (options) => (saved.push(options), save),
  };
  return { show, opened, saved };
}

describe('createFileDialogHandler', () => {
  it('recordings: an open dialog for several files of the recording formats, every path chosen', async () => {
    const fake = fakeDialogs({ canceled: false, filePaths: ['/data/a.edf', '/data/b.gdf'] }, { canceled: true });
    const choose = createFileDialogHandler(fake.show);
    expect(await choose(page, 'recordings', { title: 'Import recordings', filterName: 'EEG recordings' })).toEqual(['/data/a.edf', '/data/b.gdf']);
    expect(fake.opened).toEqual([{ title: 'Import recordings', properties: ['openFile', 'multiSelections'], filters: [{ name: 'EEG recordings', extensions: ['edf', 'EDF', 'bdf', 'BDF', 'gdf', 'GDF', 'xdf', 'XDF'] }] }]);
    expect(fake.saved).toEqual([]);
  });

  it('patient archive to import: an open dialog for one .tar file, one path', async () => {
    const fake = fakeDialogs({ canceled: false, filePaths: ['/media/usb/P-01.tar', '/media/usb/P-02.tar'] }, { canceled: true });
    const choose = createFileDialogHandler(fake.show);
    expect(await choose(page, 'patient-archive-open', { title: 'Importer une archive de patient', filterName: 'Archives de patient NeuroFeat' })).toEqual(['/media/usb/P-01.tar']);
    expect(fake.opened).toEqual([{ title: 'Importer une archive de patient', properties: ['openFile'], filters: [{ name: 'Archives de patient NeuroFeat', extensions: ['tar', 'TAR'] }] }]);
  });

  it('patient archive to write: a save dialog offering <CODE>.tar with the .tar filter, the path chosen', async () => {
    const fake = fakeDialogs({ canceled: true, filePaths: [] }, { canceled: false, filePath: '/media/usb/P-01.tar' });
    const choose = createFileDialogHandler(fake.show);
    expect(await choose(page, 'patient-archive-save', { title: 'Save the patient archive', filterName: 'NeuroFeat patient archives', defaultName: 'P-01.tar' })).toEqual(['/media/usb/P-01.tar']);
    expect(fake.saved).toEqual([{ title: 'Save the patient archive', defaultPath: 'P-01.tar', filters: [{ name: 'NeuroFeat patient archives', extensions: ['tar', 'TAR'] }] }]);
    expect(fake.opened).toEqual([]);
  });

  it('a cancelled dialog gives no path (open and save; a save answered without a path likewise)', async () => {
    const text = { title: 'T', filterName: 'F', defaultName: 'P-01.tar' };
    expect(await createFileDialogHandler(fakeDialogs({ canceled: true, filePaths: ['/x.tar'] }, { canceled: true }).show)(page, 'patient-archive-open', text)).toEqual([]);
    expect(await createFileDialogHandler(fakeDialogs({ canceled: true, filePaths: [] }, { canceled: true, filePath: '/x.tar' }).show)(page, 'patient-archive-save', text)).toEqual([]);
    expect(await createFileDialogHandler(fakeDialogs({ canceled: true, filePaths: [] }, { canceled: false, filePath: '' }).show)(page, 'patient-archive-save', text)).toEqual([]);
  });

  it('opens nothing for another frame, an unknown dialog, text that is not two short strings, or a save name that is not a bare .tar name', async () => {
    const fake = fakeDialogs({ canceled: false, filePaths: ['/x.tar'] }, { canceled: false, filePath: '/x.tar' });
    const choose = createFileDialogHandler(fake.show);
    const text = { title: 'T', filterName: 'F', defaultName: 'P-01.tar' };
    expect(await choose('https://attacker.example/', 'patient-archive-save', text)).toEqual([]);
    expect(await choose(undefined, 'patient-archive-open', text)).toEqual([]);
    expect(await choose(page, 'anything', text)).toEqual([]);
    expect(await choose(page, undefined, text)).toEqual([]);
    expect(await choose(page, 'patient-archive-open', { title: 'T' })).toEqual([]);
    expect(await choose(page, 'patient-archive-open', { title: 'x'.repeat(201), filterName: 'F' })).toEqual([]);
    expect(await choose(page, 'patient-archive-open', null)).toEqual([]);
    for (const defaultName of [undefined, 7, '', '.tar', 'P-01', 'P-01.zip', '../P-01.tar', '/tmp/P-01.tar', 'a\\P-01.tar', 'P\n01.tar', `${'P'.repeat(197)}.tar`]) {
      expect(await choose(page, 'patient-archive-save', { title: 'T', filterName: 'F', defaultName })).toEqual([]);
    }
    expect(fake.opened).toEqual([]);
    expect(fake.saved).toEqual([]);
    // The same handler still answers a good request (the refusals above were the input, not the handler).
    expect(await choose(page, 'patient-archive-save', text)).toEqual(['/x.tar']);
    expect(await choose(page, 'patient-archive-save', { ...text, defaultName: 'P-01.TAR' })).toEqual(['/x.tar']);
  });

  it('accepts the dev server only when one is set', async () => {
    const fake = fakeDialogs({ canceled: false, filePaths: ['/x.tar'] }, { canceled: true });
    const text = { title: 'T', filterName: 'F' };
    expect(await createFileDialogHandler(fake.show, 'http://localhost:5173')('http://localhost:5173/#/patients', 'patient-archive-open', text)).toEqual(['/x.tar']);
    expect(await createFileDialogHandler(fake.show)('http://localhost:5173/#/patients', 'patient-archive-open', text)).toEqual([]);
  });
});
