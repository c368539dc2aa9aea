import { describe, expect, it } from 'vitest';
import { defaultWindow, featureMethodNames, protocolDefaults, protocolTriggerDefaults, validateCall, patientInput } from '../../src-main/contract/api.ts';
import { defaultTriggerRule } from '../../src-main/core/online/device-trigger.ts';
import { defaultGrazProtocol } from '../../src-main/core/protocol/graz-protocol.ts';
import { defaultEpochDefinition } from '../../src-main/core/epochs.ts';
import { featureMethods } from '../../src-main/core/features/trial-features.ts';
import { decodeSignalFrame, encodeSignalFrame, stampRelayedTime } from '../../src-main/contract/signal-frame.ts';
import { parseWireMessage } from '../../src-main/contract/wire.ts';

describe('contract validation', () => {
  it('accepts a valid patient and fills the defaults', () => {
    const parsed = patientInput.parse({ code: 'P-017' });
    expect(parsed).toEqual({ ok: true, value: { code: 'P-017', birthYear: null, lesionSide: 'unknown', dominantHand: 'unknown', notes: '' } });
  });

  it('refuses an invalid patient code and says what a code may be', () => {
    const result = validateCall('patients.create', { code: 'Jean Dupont' });
    expect(result).toMatchObject({ ok: false, code: 'invalid-payload' });
    if (!result.ok) expect(result.message).toMatch(/patients\.create: code: expected 2 to 32 letters, digits, dashes or underscores.*got 'Jean Dupont'/);
  });

  it('names the nested field at fault', () => {
    const result = validateCall('acquisition.start', { device: 'synthetic', config: { nChannels: 65 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('acquisition.start: config.nChannels: expected an integer from 1 to 64, got 65.');
  });

  it('refuses unknown fields, so that typos do not pass silently', () => {
    const result = validateCall('patients.create', { code: 'P1', lesion: 'left' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/lesion: unknown field; allowed fields: code, birthYear, lesionSide, dominantHand, notes/);
  });

  it('refuses wrong types, out-of-set values and non-object payloads', () => {
    expect(validateCall('patients.create', { code: 'P1', birthYear: '1950' }).ok).toBe(false);
    expect(validateCall('patients.create', { code: 'P1', birthYear: 1950.5 }).ok).toBe(false);
    expect(validateCall('patients.create', { code: 'P1', lesionSide: 'up' }).ok).toBe(false);
    expect(validateCall('sessions.list', [1]).ok).toBe(false);
    expect(validateCall('acquisition.cue', { cue: 'feet' }).ok).toBe(false);
  });

  it('refuses an unknown method and lists the known ones', () => {
    const result = validateCall('patients.drop', {});
    expect(result).toMatchObject({ ok: false, code: 'unknown-method' });
    if (!result.ok) expect(result.message).toContain('patients.create');
    expect(validateCall('__proto__', {}).ok).toBe(false);
    expect(validateCall('toString', {}).ok).toBe(false);
  });
});

describe('feature job payloads', () => {
  it('fills the defaults of features.start and lists the same methods as the core', () => {
    expect(validateCall('features.start', { files: ['/data/S001R04.edf'], classes: ['T1', 'T2'] })).toEqual({
      ok: true,
      method: 'features.start',
      params: {
        files: ['/data/S001R04.edf'], method: 'welch', classes: ['T1', 'T2'], window: { offsetSec: 0, lengthSec: 3 },
        band: { fminHz: 1, fmaxHz: 40 }, reference: 'car', log: true, cache: false,
      },
    });
    expect([...featureMethodNames]).toEqual([...featureMethods]);
  });

  it('gives protocol runs core\'s Graz defaults, and refuses settings outside their ranges by name', () => {
    const { feedback, ...core } = defaultGrazProtocol;
    expect(feedback).toBe(false);
    expect(protocolDefaults).toEqual(core);
    // The device trigger's defaults as the renderer shows them are core's rule (its class target aside: an app run's default is the cued class).
    const { targetClass, ...rule } = defaultTriggerRule;
    expect(targetClass).toBe(0);
    expect({ threshold: protocolTriggerDefaults.threshold, holdSec: protocolTriggerDefaults.holdSec, refractorySec: protocolTriggerDefaults.refractorySec }).toEqual(rule);
    expect(protocolTriggerDefaults).toMatchObject({ target: 'cued', command: 'json' });
    const bad = validateCall('protocol.start', { sessionId: 1, kind: 'online', settings: { trialsPerClass: 0 } });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'protocol.start', field: 'settings.trialsPerClass' } } });
    expect(validateCall('protocol.start', { sessionId: 1, kind: 'replay' })).toMatchObject({ ok: false, detail: { params: { field: 'kind' } } });
    expect(validateCall('protocol.drawn', { runId: 1, what: 'cue', index: 0, drawnAtMs: -1 })).toMatchObject({ ok: false, detail: { params: { field: 'drawnAtMs' } } });
  });

  it('defaults feature jobs to the one epoch window of core (training takes the same when none is given)', () => {
    expect(defaultWindow).toEqual(defaultEpochDefinition);
    const start = validateCall('features.start', { files: ['/data/x.edf'], classes: ['T1', 'T2'] });
    const view = validateCall('features.view', { files: ['/data/x.edf'], classes: ['T1', 'T2'], view: 'erds' });
    for (const parsed of [start, view]) {
      expect(parsed.ok).toBe(true);
      expect((parsed as { params: { window: unknown } }).params.window).toEqual(defaultEpochDefinition);
    }
  });

  it('names the field at fault, nested or in an array', () => {
    const message = (params: unknown) => {
      const result = validateCall('features.start', params);
      return result.ok ? 'accepted' : result.message;
    };
    expect(message({ files: [], classes: ['T1', 'T2'] })).toBe('features.start: files: expected an array of 1 to 200 items, got an array of 0 items.');
    expect(message({ files: ['/a.edf', 3], classes: ['T1', 'T2'] })).toBe('features.start: files[1]: expected a string of 1 to 4096 characters, got 3.');
    expect(message({ files: ['/a.edf'], classes: ['T1', 'T2'], band: { fminHz: 1, fmaxHz: -4 } })).toBe('features.start: band.fmaxHz: expected a number from 0 to 100000, got -4.');
    expect(message({ files: ['/a.edf'], classes: ['T1', 'T2'], reference: 'bipolar' })).toBe("features.start: reference: expected one of 'car', 'none', 'laplacian', got 'bipolar'.");
    expect(message({ files: ['/a.edf'], classes: ['T1', 'T2'], channels: [] })).toBe('features.start: channels: expected an array of 1 to 512 items, got an array of 0 items.');
    expect(message({ jobId: 'x' })).toMatch(/^features\.start: jobId: unknown field/);
    expect(validateCall('jobs.cancel', {}).ok).toBe(false);
  });
});

describe('wire messages', () => {
  it('parses calls and refuses malformed text with a readable error', () => {
    expect(parseWireMessage('{"kind":"call","id":3,"method":"app.info","params":{}}')).toMatchObject({ ok: true, message: { kind: 'call', id: 3 } });
    expect(parseWireMessage('{not json')).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: 'The message is not valid JSON.' } });
    expect(parseWireMessage('{"kind":"call","id":"x","method":"app.info"}')).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(parseWireMessage('42')).toMatchObject({ ok: false });
  });
});

describe('signal frames', () => {
  it('round-trips header and channel-major samples', () => {
    const samples = Float32Array.from({ length: 3 * 5 }, (_, i) => i * 0.5 - 3);
    const bytes = encodeSignalFrame({ nChannels: 3, nSamples: 5, firstSampleIndex: 1234, firstSampleTimeMs: 1.7e12 + 0.25, lostSamples: 7, sampleRateHz: 250, sentTimeMs: 1.7e12 + 12.5, samples });
    expect(bytes.byteLength).toBe(64 + 15 * 4);
    const frame = decodeSignalFrame(bytes);
    expect(frame).toMatchObject({ nChannels: 3, nSamples: 5, firstSampleIndex: 1234, firstSampleTimeMs: 1.7e12 + 0.25, lostSamples: 7, sampleRateHz: 250, sentTimeMs: 1.7e12 + 12.5, relayedTimeMs: 0 });
    expect(Array.from(frame.samples)).toEqual(Array.from(samples));
  });

  it('takes the relay time in place, leaving samples and the other fields as they were', () => {
    const samples = Float32Array.from([1.5, -2, 3.25, 4]);
    const bytes = encodeSignalFrame({ nChannels: 2, nSamples: 2, firstSampleIndex: 10, firstSampleTimeMs: 1000, lostSamples: 0, sampleRateHz: 250, sentTimeMs: 1010, samples });
    expect(stampRelayedTime(bytes, 1013.75)).toBe(true);
    const frame = decodeSignalFrame(bytes);
    expect(frame).toMatchObject({ firstSampleIndex: 10, firstSampleTimeMs: 1000, sentTimeMs: 1010, relayedTimeMs: 1013.75 });
    expect(Array.from(frame.samples)).toEqual([1.5, -2, 3.25, 4]);
    expect(stampRelayedTime(new ArrayBuffer(80), 1)).toBe(false);
    expect(stampRelayedTime(new ArrayBuffer(8), 1)).toBe(false);
  });

  it('decodes from a view at an odd offset and refuses truncated or foreign bytes', () => {
    const bytes = new Uint8Array(encodeSignalFrame({ nChannels: 1, nSamples: 2, firstSampleIndex: 0, firstSampleTimeMs: 0, lostSamples: 0, sampleRateHz: 100, samples: new Float32Array([1, 2]) }));
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(decodeSignalFrame(shifted.subarray(1)).samples)).toEqual([1, 2]);
    expect(() => decodeSignalFrame(bytes.subarray(0, 66))).toThrow(/header says 72/);
    expect(() => decodeSignalFrame(new Uint8Array(64))).toThrow(/bad magic/);
    expect(() => decodeSignalFrame(new Uint8Array(10))).toThrow(/shorter than the 64-byte header/);
  });
});
