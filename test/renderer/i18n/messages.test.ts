// English and French carry the same messages, with the same placeholders, and no empty text.
import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/src/i18n/en.ts';
import { fr } from '../../../src-renderer/src/i18n/fr.ts';
import { PATIENT_CODE_RULE, type ApiErrorCode } from '../../../src-main/contract/index.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  const english = flatten(en as unknown as Tree);
  const french = flatten(fr as unknown as Tree);

  it('have the same keys in both languages', () => {
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders and plural forms in both languages, and no message is empty', () => {
    for (const [key, text] of english) {
      const other = french.get(key)!;
      expect(placeholders(other), key).toEqual(placeholders(text));
      expect(other.split('|').length, key).toBe(text.split('|').length);
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(other.trim().length, key).toBeGreaterThan(0);
    }
  });

  it('avoid characters vue-i18n would read as syntax (@ starts a linked message)', () => {
    for (const [key, text] of [...english, ...french]) expect(text.includes('@'), key).toBe(false);
  });

  it('show the contract’s own patient code rule in English', () => {
    expect(en.patientForm.codeRule).toContain(PATIENT_CODE_RULE);
    expect(en.patientForm.codeRule.startsWith('Invalid patient code')).toBe(true);
  });

  it('title every error code of the contract', () => {
    // A record over the union: a code added to the contract fails to compile here until it is listed.
    const codes: Record<ApiErrorCode, true> = {
      'invalid-payload': true, 'unknown-method': true, unauthorized: true, 'not-found': true, conflict: true, 'bad-input': true, 'file-changed': true,
      'unknown-device': true, 'device-unavailable': true, 'already-acquiring': true, 'not-acquiring': true, 'storage-unwritable': true, 'engine-unavailable': true, internal: true,
    };
    expect(Object.keys(en.errors.codes).sort()).toEqual(Object.keys(codes).sort());
  });
});
