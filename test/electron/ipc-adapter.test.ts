import { describe, expect, it } from 'vitest';
import { createInvokeHandler, isTrustedSenderUrl } from '../../src-main/electron/ipc-adapter.ts';
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
});
