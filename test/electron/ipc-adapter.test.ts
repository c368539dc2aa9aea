import { describe, expect, it } from 'vitest';
import { createChooseRecordingsHandler, createInvokeHandler, isTrustedSenderUrl, type RecordingDialogOptions } from '../../src-main/electron/ipc-adapter.ts';
import { ok } from '../../src-main/contract/errors.ts';

describe('Electron IPC adapter', () => {
  const calls: Array<[unknown, unknown]> = [];
  const api = { call: async (method: unknown, params: unknown) => (calls.push([method, params]), ok('answered')) };

  it('accepts calls only from the app origin (and the dev server when one is set)', () => {
    expect(isTrustedSenderUrl('app://neurofeat/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://neurofeat')).toBe(true);
    expect(isTrustedSenderUrl('app://neurofeat.evil/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://example.org/')).toBe(false);
    expect(isTrustedSenderUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/#/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5173/#/', '')).toBe(false);
  });

  it('forwards trusted calls to the API and answers others with an unauthorized error value', async () => {
    const invoke = createInvokeHandler(api);
    expect(await invoke('app://neurofeat/index.html', 'app.info', {})).toEqual(ok('answered'));
    expect(calls).toEqual([['app.info', {}]]);
    const refused = await invoke('https://attacker.example/', 'patients.list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toHaveLength(1);
  });

  it('opens the recordings\' dialog for our own pages only, with the text given and the recording formats; cancel gives no path', async () => {
    const asked: RecordingDialogOptions[] = [];
    let answer = { canceled: false, filePaths: ['/data/S001R04.edf', '/data/S001R08.edf'] };
    const choose = createChooseRecordingsHandler(async (options) => (asked.push(options), answer));
    const text = { title: 'Importer des enregistrements', filterName: 'Enregistrements EEG' };
    expect(await choose('app://neurofeat/index.html', text)).toEqual(['/data/S001R04.edf', '/data/S001R08.edf']);
    expect(asked).toEqual([{
      title: 'Importer des enregistrements',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Enregistrements EEG', extensions: ['edf', 'EDF', 'bdf', 'BDF', 'gdf', 'GDF', 'xdf', 'XDF'] }],
    }]);
    answer = { canceled: true, filePaths: [] };
    expect(await choose('app://neurofeat/index.html', text)).toEqual([]);
    // Another frame, or text that is not two strings: no dialog at all.
    expect(await choose('https://attacker.example/', text)).toEqual([]);
    expect(await choose('app://neurofeat/index.html', { title: 3 })).toEqual([]);
    expect(await choose('app://neurofeat/index.html', null)).toEqual([]);
    expect(asked).toHaveLength(2);
  });
});
