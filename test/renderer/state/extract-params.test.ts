// The Extract form: the contract's defaults, the checks that name the field, the input sent, what is remembered, staleness.
import { describe, expect, it } from 'vitest';
import { featureJobInput, featureMethodNames } from '../../../src-main/contract/index.ts';
import {
  connectivityMethods,
  defaultExtractForm,
  extractFormToInput,
  familyOf,
  psdMethods,
  restoreExtractForm,
  sameExtraction,
} from '../../../src-renderer/src/state/extract-params.ts';

const runs = { sessionId: 3, runIds: [4, 8] };

describe('extract parameters', () => {
  it('start from the contract’s own defaults (window 0 s + 3 s, 1-40 Hz, CAR, Welch)', () => {
    const form = defaultExtractForm();
    expect(form).toMatchObject({ family: 'psd', psdMethod: 'welch', offsetSec: '0', lengthSec: '3', fminHz: '1', fmaxHz: '40', reference: 'car', class1: 'T1', class2: 'T2', useCache: true });
    const sent = extractFormToInput(form, runs);
    expect(sent.ok).toBe(true);
    // Sending the defaults equals sending nothing but the runs and classes: the contract fills in the same values.
    const contract = featureJobInput.parse({ ...runs, classes: ['T1', 'T2'], cache: true });
    if (!sent.ok || !contract.ok) throw new Error('unreachable');
    expect(sent.input).toEqual(contract.value);
  });

  it('split the contract’s methods into spectra and connectivity metrics, each once', () => {
    expect([...psdMethods, ...connectivityMethods].sort()).toEqual([...featureMethodNames].sort());
    expect(connectivityMethods.map(familyOf).every((f) => f === 'connectivity')).toBe(true);
    expect(familyOf('burg')).toBe('psd');
  });

  it('send the method of the chosen family, decimal commas read as points', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), family: 'connectivity', connectivityMethod: 'wpli', psdMethod: 'burg', offsetSec: '0,5', lengthSec: '2.5', fminHz: '8', fmaxHz: '30', reference: 'laplacian', useCache: false }, runs);
    expect(result).toEqual({ ok: true, input: expect.objectContaining({ method: 'wpli', window: { offsetSec: 0.5, lengthSec: 2.5 }, band: { fminHz: 8, fmaxHz: 30 }, reference: 'laplacian', cache: false }) });
  });

  it('name every field at fault at once, before anything is sent', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), offsetSec: 'abc', lengthSec: '0', fminHz: '30', fmaxHz: '8', class1: ' ', class2: 'T2' }, { sessionId: 3, runIds: [] });
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => `${p.field}:${p.key}`).sort()).toEqual(['class1:classMissing', 'fmaxHz:bandOrder', 'runs:noRuns', 'lengthSec:lengthPositive', 'offsetSec:number'].sort());
    expect(result.problems.find((p) => p.field === 'offsetSec')?.params).toEqual({ value: 'abc' });
  });

  it('refuse equal classes and negative frequencies', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), class2: 'T1', fminHz: '-1' }, runs);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems).toContainEqual({ field: 'class2', key: 'classesSame' });
    expect(result.problems).toContainEqual({ field: 'fminHz', key: 'bandNegative' });
  });

  it('pass on, as a named problem, what only the contract refuses', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), lengthSec: '601' }, runs);
    expect(result).toEqual({ ok: false, problems: [{ field: 'lengthSec', key: 'contract', params: { message: expect.stringContaining('window.lengthSec') } }] });
  });

  it('restore a remembered form field by field, dropping what is not a valid value', () => {
    const saved = { family: 'connectivity', connectivityMethod: 'plv', psdMethod: 'nonsense', reference: 'none', offsetSec: '0.5', lengthSec: 7, class1: '769', useCache: 'yes' };
    const form = restoreExtractForm(JSON.parse(JSON.stringify(saved)));
    expect(form).toEqual({ ...defaultExtractForm(), family: 'connectivity', connectivityMethod: 'plv', reference: 'none', offsetSec: '0.5', class1: '769' });
    expect(restoreExtractForm(null)).toEqual(defaultExtractForm());
    expect(restoreExtractForm('garbage')).toEqual(defaultExtractForm());
  });

  it('send the family "both" as the spectral method with the connectivity method beside it, accepted unchanged by the contract', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), family: 'both', psdMethod: 'burg', connectivityMethod: 'imcoh' }, runs);
    if (!result.ok) throw new Error('refused');
    expect(result.input).toMatchObject({ method: 'burg', connectivity: 'imcoh' });
    expect(featureJobInput.parse(result.input)).toEqual({ ok: true, value: result.input });
    // Spectra alone or connectivity alone send no second method.
    const alone = extractFormToInput({ ...defaultExtractForm(), family: 'connectivity', connectivityMethod: 'imcoh' }, runs);
    expect(alone.ok && alone.input.connectivity).toBeUndefined();
  });

  it('send the rejection threshold and the filters when given, nothing when left empty (every trial kept, no filter)', () => {
    const plain = extractFormToInput(defaultExtractForm(), runs);
    if (!plain.ok) throw new Error('refused');
    expect(plain.input).not.toHaveProperty('rejectUv');
    expect(plain.input).not.toHaveProperty('bandpass');
    expect(plain.input).not.toHaveProperty('notchHz');
    const cleaned = extractFormToInput({ ...defaultExtractForm(), rejectUv: '150,5', bandpassLowHz: '8', bandpassHighHz: '30', notchHz: '50' }, runs);
    if (!cleaned.ok) throw new Error('refused');
    expect(cleaned.input).toMatchObject({ rejectUv: 150.5, bandpass: { lowHz: 8, highHz: 30 }, notchHz: 50 });
    expect(featureJobInput.parse(cleaned.input)).toEqual({ ok: true, value: cleaned.input });
  });

  it('name a threshold of 0 or below, a half-given or upside-down band-pass, each under its own field', () => {
    const zero = extractFormToInput({ ...defaultExtractForm(), rejectUv: '0', bandpassLowHz: '8' }, runs);
    expect(zero).toEqual({ ok: false, problems: [{ field: 'rejectUv', key: 'rejectPositive' }, { field: 'bandpassHighHz', key: 'bandpassBoth' }] });
    const negative = extractFormToInput({ ...defaultExtractForm(), rejectUv: '-20', bandpassLowHz: '30', bandpassHighHz: '8' }, runs);
    expect(negative).toEqual({ ok: false, problems: [{ field: 'rejectUv', key: 'rejectPositive' }, { field: 'bandpassHighHz', key: 'bandpassOrder' }] });
    expect(extractFormToInput({ ...defaultExtractForm(), rejectUv: 'high' }, runs)).toEqual({ ok: false, problems: [{ field: 'rejectUv', key: 'number', params: { value: 'high' } }] });
    // What only the contract refuses (a threshold above its range) comes back under the threshold's field.
    expect(extractFormToInput({ ...defaultExtractForm(), rejectUv: '200000' }, runs)).toEqual({ ok: false, problems: [{ field: 'rejectUv', key: 'contract', params: { message: expect.stringContaining('rejectUv') } }] });
  });

  it('restore the threshold, the filters and the family "both", dropping an unknown notch', () => {
    const form = restoreExtractForm({ family: 'both', rejectUv: '120', bandpassLowHz: '8', bandpassHighHz: '30', notchHz: '55' });
    expect(form).toEqual({ ...defaultExtractForm(), family: 'both', rejectUv: '120', bandpassLowHz: '8', bandpassHighHz: '30' });
    expect(restoreExtractForm({ notchHz: '60' }).notchHz).toBe('60');
  });

  it('call a result stale when anything but the recordings and the cache differs', () => {
    const a = extractFormToInput(defaultExtractForm(), runs);
    const b = extractFormToInput({ ...defaultExtractForm(), useCache: false }, { sessionId: 3, runIds: [12] });
    const c = extractFormToInput({ ...defaultExtractForm(), fmaxHz: '30' }, runs);
    if (!a.ok || !b.ok || !c.ok) throw new Error('unreachable');
    expect(sameExtraction(a.input, b.input)).toBe(true);
    expect(sameExtraction(a.input, c.input)).toBe(false);
    for (const change of [{ rejectUv: '300' }, { bandpassLowHz: '8', bandpassHighHz: '30' }, { notchHz: '50' as const }, { family: 'both' as const }]) {
      const d = extractFormToInput({ ...defaultExtractForm(), ...change }, runs);
      if (!d.ok) throw new Error('refused');
      expect(sameExtraction(a.input, d.input), JSON.stringify(change)).toBe(false);
    }
  });
});
