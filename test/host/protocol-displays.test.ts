// Where the patient's screen goes, over the host's API: the headless host lists no display (the page opens its own window), bad inputs refused by field.
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src-main/services/handlers/service-context.ts';
import { protocolHandlers } from '../../src-main/services/handlers/protocol-handlers.ts';
import { useTestHost } from '../support/test-host.ts';

const test = useTestHost('displays');

describe('protocol.displays and protocol.patientWindow', () => {
  it('the headless host: no display to list, the page opens the patient\u2019s screen itself whatever display is asked', async () => {
    expect(await test.client.call('protocol.displays', {})).toEqual({ ok: true, value: { opener: 'browser', displays: [], defaultDisplay: null } });
    expect(await test.client.call('protocol.patientWindow', {})).toEqual({ ok: true, value: { opened: false, displays: [], display: null } });
    expect(await test.client.call('protocol.patientWindow', { display: 3 })).toEqual({ ok: true, value: { opened: false, displays: [], display: null } });
  });

  it('refuses bad inputs by field', async () => {
    expect(await test.client.call('protocol.displays', { all: true })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'protocol.displays', field: 'all' } } } });
    for (const display of [-1, 17, 1.5, '1']) {
      expect(await test.client.call('protocol.patientWindow', { display }), String(display)).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'protocol.patientWindow', field: 'display' } } } });
    }
  });

  it('Electron\u2019s lister and opener answer through the handlers', async () => {
    const list = { opener: 'electron' as const, displays: [{ index: 0, label: 'Built-in', primary: true, width: 1366, height: 768 }], defaultDisplay: 0 };
    const handlers = protocolHandlers({} as ServiceContext, async (display) => ({ opened: true, displays: list.displays, display: display ?? 0 }), () => list);
    expect(await handlers['protocol.displays']({})).toEqual(list);
    expect(await handlers['protocol.patientWindow']({ display: 0 })).toEqual({ opened: true, displays: list.displays, display: 0 });
  });
});
