// The Extract form: the contract's defaults, the checks that name the field, the input sent, what is remembered, staleness.
import { describe, expect, it } from 'vitest';
import { featureJobInput, featureMethodNames } from '../../../src-main/contract/index.ts';
import {
  connectivityMethods,
  defaultExtractForm,
  extractFormToInput,
  familyOf,
  parsePathList,
  psdMethods,
  restoreExtractForm,
  sameExtraction,
} from '../../../src-renderer/src/state/extract-params.ts';

const files = ['/data/S001R04.edf', '/data/S001R08.edf'];

describe('extract parameters', () => {
  it('start from the contract’s own defaults (window 0 s + 3 s, 1-40 Hz, CAR, Welch)', () => {
    const form = defaultExtractForm();
    expect(form).toMatchObject({ family: 'psd', psdMethod: 'welch', offsetSec: '0', lengthSec: '3', fminHz: '1', fmaxHz: '40', reference: 'car', class1: 'T1', class2: 'T2', useCache: true });
    const sent = extractFormToInput(form, files);
    expect(sent.ok).toBe(true);
    // Sending the defaults equals sending nothing but files and classes: the contract fills in the same values.
    const contract = featureJobInput.parse({ files, classes: ['T1', 'T2'], cache: true });
    if (!sent.ok || !contract.ok) throw new Error('unreachable');
    expect(sent.input).toEqual(contract.value);
  });

  it('split the contract’s methods into spectra and connectivity metrics, each once', () => {
    expect([...psdMethods, ...connectivityMethods].sort()).toEqual([...featureMethodNames].sort());
    expect(connectivityMethods.map(familyOf).every((f) => f === 'connectivity')).toBe(true);
    expect(familyOf('burg')).toBe('psd');
  });

  it('send the method of the chosen family, decimal commas read as points', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), family: 'connectivity', connectivityMethod: 'wpli', psdMethod: 'burg', offsetSec: '0,5', lengthSec: '2.5', fminHz: '8', fmaxHz: '30', reference: 'laplacian', useCache: false }, files);
    expect(result).toEqual({ ok: true, input: expect.objectContaining({ method: 'wpli', window: { offsetSec: 0.5, lengthSec: 2.5 }, band: { fminHz: 8, fmaxHz: 30 }, reference: 'laplacian', cache: false }) });
  });

  it('name every field at fault at once, before anything is sent', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), offsetSec: 'abc', lengthSec: '0', fminHz: '30', fmaxHz: '8', class1: ' ', class2: 'T2' }, []);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => `${p.field}:${p.key}`).sort()).toEqual(['class1:classMissing', 'fmaxHz:bandOrder', 'files:noFiles', 'lengthSec:lengthPositive', 'offsetSec:number'].sort());
    expect(result.problems.find((p) => p.field === 'offsetSec')?.params).toEqual({ value: 'abc' });
  });

  it('refuse relative paths, equal classes and negative frequencies', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), class2: 'T1', fminHz: '-1' }, ['/abs.edf', 'S001R04.edf']);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems).toContainEqual({ field: 'files', key: 'relativePath', params: { path: 'S001R04.edf' } });
    expect(result.problems).toContainEqual({ field: 'class2', key: 'classesSame' });
    expect(result.problems).toContainEqual({ field: 'fminHz', key: 'bandNegative' });
    expect(extractFormToInput(defaultExtractForm(), ['C:\\eeg\\run.gdf']).ok).toBe(true);
  });

  it('pass on, as a named problem, what only the contract refuses', () => {
    const result = extractFormToInput({ ...defaultExtractForm(), lengthSec: '601' }, files);
    expect(result).toEqual({ ok: false, problems: [{ field: 'lengthSec', key: 'contract', params: { message: expect.stringContaining('window.lengthSec') } }] });
  });

  it('read one path per line or comma, trimmed, blank lines and repeats dropped', () => {
    expect(parsePathList(' /a.edf \n\n/b.edf, /a.edf\n')).toEqual(['/a.edf', '/b.edf']);
    expect(parsePathList('')).toEqual([]);
  });

  it('restore a remembered form field by field, dropping what is not a valid value', () => {
    const saved = { family: 'connectivity', connectivityMethod: 'plv', psdMethod: 'nonsense', reference: 'none', offsetSec: '0.5', lengthSec: 7, class1: '769', useCache: 'yes' };
    const form = restoreExtractForm(JSON.parse(JSON.stringify(saved)));
    expect(form).toEqual({ ...defaultExtractForm(), family: 'connectivity', connectivityMethod: 'plv', reference: 'none', offsetSec: '0.5', class1: '769' });
    expect(restoreExtractForm(null)).toEqual(defaultExtractForm());
    expect(restoreExtractForm('garbage')).toEqual(defaultExtractForm());
  });

  it('call a result stale when anything but the recordings and the cache differs', () => {
    const a = extractFormToInput(defaultExtractForm(), files);
    const b = extractFormToInput({ ...defaultExtractForm(), useCache: false }, ['/other.edf']);
    const c = extractFormToInput({ ...defaultExtractForm(), fmaxHz: '30' }, files);
    if (!a.ok || !b.ok || !c.ok) throw new Error('unreachable');
    expect(sameExtraction(a.input, b.input)).toBe(true);
    expect(sameExtraction(a.input, c.input)).toBe(false);
  });
});
