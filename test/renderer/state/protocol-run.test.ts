// The clinician's run settings and device trigger forms, restored from storage, and why a run cannot start.
import { describe, expect, it } from 'vitest';
import { idleAcquisitionStatus, idleProtocolStatus, protocolDefaults, validateCall } from '../../../src-main/contract/index.ts';
import {
  defaultProtocolForm, defaultTriggerForm, protocolSettingsOf, restoreRunForms, runOfSession, startBlock, triggerOf,
} from '../../../src-renderer/src/state/protocol-run.ts';

describe('protocol run form', () => {
  it('starts from the contract\'s defaults and sends them back unchanged', () => {
    const parsed = protocolSettingsOf(defaultProtocolForm());
    // The form shows every setting but the block size and the cross and beep times, which keep their defaults in main.
    const { blockTrialsPerClass, fixationSec, beepToCueSec, ...shown } = protocolDefaults;
    expect([blockTrialsPerClass, fixationSec, beepToCueSec]).toEqual([5, 2, 1]);
    expect(parsed).toEqual({ ok: true, settings: shown });
  });

  it('names the first field that is not a number in its range, decimal commas accepted', () => {
    expect(protocolSettingsOf({ ...defaultProtocolForm(), trialsPerClass: '2.5' })).toEqual({ ok: false, field: 'trialsPerClass', min: 1, max: 500 });
    expect(protocolSettingsOf({ ...defaultProtocolForm(), pauseMaxSec: '' })).toMatchObject({ ok: false, field: 'pauseMaxSec' });
    expect(protocolSettingsOf({ ...defaultProtocolForm(), cueSec: '1,5' })).toMatchObject({ ok: true, settings: { cueSec: 1.5 } });
  });

  it('says why a run cannot start: no acquisition of this session, no model for online, a run under way', () => {
    const acquiring = { ...idleAcquisitionStatus(), state: 'running' as const, sessionId: 3 };
    expect(startBlock('calibration', 3, null, null, false)).toBe('acquisition');
    expect(startBlock('calibration', 4, acquiring, null, true)).toBe('acquisition');
    expect(startBlock('calibration', 3, acquiring, idleProtocolStatus(), false)).toBeNull();
    expect(startBlock('online', 3, acquiring, idleProtocolStatus(), false)).toBe('model');
    expect(startBlock('online', 3, acquiring, idleProtocolStatus(), true)).toBeNull();
    const under = { ...idleProtocolStatus(), state: 'running' as const, sessionId: 3 };
    expect(startBlock('calibration', 3, acquiring, under, true)).toBe('running');
    expect(runOfSession(under, 3)).toBe(true);
    expect(runOfSession(under, 4)).toBe(false);
  });
});

describe('rehabilitation device form', () => {
  const named = { ...defaultTriggerForm(), output: ' tcp:192.168.1.20:5000 ' };

  it('sends no trigger without an address, and the contract\'s defaults with one (which protocol.start accepts)', () => {
    expect(triggerOf(defaultTriggerForm())).toEqual({ ok: true, trigger: undefined });
    const parsed = triggerOf(named);
    expect(parsed).toEqual({ ok: true, trigger: { output: 'tcp:192.168.1.20:5000', target: 'cued', threshold: 0.5, holdSec: 1, refractorySec: 3, command: 'json' } });
    const trigger = parsed.ok ? parsed.trigger : undefined;
    expect(validateCall('protocol.start', { sessionId: 1, kind: 'online', trigger })).toMatchObject({ ok: true });
  });

  it('takes every field as the clinician set it, decimal commas accepted, an empty command being the JSON line', () => {
    const form = { ...named, output: 'serial:COM3@9600', target: '2' as const, threshold: '0,7', holdSec: '0.5', refractorySec: '0', command: 'text:STIM {index}\\r\\n' };
    expect(triggerOf(form)).toEqual({ ok: true, trigger: { output: 'serial:COM3@9600', target: '2', threshold: 0.7, holdSec: 0.5, refractorySec: 0, command: 'text:STIM {index}\\r\\n' } });
    expect(triggerOf({ ...named, command: '  ' })).toMatchObject({ ok: true, trigger: { command: 'json' } });
  });

  it('names the first field at fault: an address or command of no known form, a number outside the contract\'s range', () => {
    expect(triggerOf({ ...named, output: '192.168.1.20:5000' })).toEqual({ ok: false, field: 'output' });
    expect(triggerOf({ ...named, output: 'tcp:host-without-port' })).toEqual({ ok: false, field: 'output' });
    expect(triggerOf({ ...named, threshold: '0' })).toEqual({ ok: false, field: 'threshold', min: 0.05, max: 1 });
    expect(triggerOf({ ...named, threshold: '1.2' })).toMatchObject({ ok: false, field: 'threshold' });
    expect(triggerOf({ ...named, holdSec: 'one' })).toEqual({ ok: false, field: 'holdSec', min: 0.05, max: 10 });
    expect(triggerOf({ ...named, refractorySec: '-1' })).toEqual({ ok: false, field: 'refractorySec', min: 0, max: 60 });
    expect(triggerOf({ ...named, command: 'STIM' })).toEqual({ ok: false, field: 'command' });
    expect(triggerOf({ ...named, command: 'hex:' })).toEqual({ ok: false, field: 'command' });
    // The ranges are the contract's: the edges pass here and in protocol.start.
    const edges = triggerOf({ ...named, threshold: '0.05', holdSec: '10', refractorySec: '60' });
    expect(edges.ok).toBe(true);
    expect(validateCall('protocol.start', { sessionId: 1, kind: 'online', trigger: edges.ok ? edges.trigger : undefined })).toMatchObject({ ok: true });
  });

  it('restores what storage kept field by field; anything unreadable falls back to its default', () => {
    const saved = { protocol: { ...defaultProtocolForm(), mode: 'mi-rest', hand: 'right', trialsPerClass: '10' }, trigger: { ...named, target: 'either', holdSec: '2' } };
    expect(restoreRunForms(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
    expect(restoreRunForms(null)).toEqual({ protocol: defaultProtocolForm(), trigger: defaultTriggerForm() });
    const damaged = restoreRunForms({ protocol: { mode: 'feet', seed: 7, cueSec: '2' }, trigger: { target: 'both', output: 5, command: 'hex:A5' } });
    expect(damaged.protocol).toEqual({ ...defaultProtocolForm(), cueSec: '2' });
    expect(damaged.trigger).toEqual({ ...defaultTriggerForm(), command: 'hex:A5' });
  });
});
