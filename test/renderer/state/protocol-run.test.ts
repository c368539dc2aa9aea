// The clinician's run settings form and why a run cannot start.
import { describe, expect, it } from 'vitest';
import { idleAcquisitionStatus, idleProtocolStatus, protocolDefaults } from '../../../src-main/contract/index.ts';
import { defaultProtocolForm, protocolSettingsOf, runOfSession, startBlock } from '../../../src-renderer/src/state/protocol-run.ts';

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
