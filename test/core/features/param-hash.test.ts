import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, featureCacheKey, parameterHash, sha256Hex } from '../../../src-main/core/features/param-hash.ts';
import { defaultFeatureParameters } from '../../../src-main/core/features/pipeline.ts';

describe('parameter hash', () => {
  it('SHA-256 equals node:crypto on empty, short, block-boundary and long inputs', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('is independent of key order and changes with any parameter', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
    const p = defaultFeatureParameters('welch', ['T1', 'T2']);
    const reordered = JSON.parse(JSON.stringify({ window: p.window, band: p.band, reference: p.reference, classes: p.classes, method: p.method }));
    expect(parameterHash(reordered)).toBe(parameterHash(p));
    expect(parameterHash({ ...p, band: { fminHz: 1, fmaxHz: 41 } })).not.toBe(parameterHash(p));
    expect(parameterHash({ ...p, method: 'burg' })).not.toBe(parameterHash(p));
    const key = featureCacheKey('a'.repeat(64), parameterHash(p));
    expect(key).toMatch(/^a{64}-[0-9a-f]{64}$/);
    expect(() => featureCacheKey('xyz', parameterHash(p))).toThrow(/64 hex digits/);
  });
});
