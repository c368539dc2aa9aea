import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src-main/core/sha256.ts';

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('equals Node\'s crypto on every length around the block boundaries and on a large buffer', () => {
    let state = 7;
    const bytes = Uint8Array.from({ length: 300_000 }, () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24);
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 300_000]) {
      const part = bytes.subarray(0, n);
      expect(sha256Hex(part), `${n} bytes`).toBe(createHash('sha256').update(part).digest('hex'));
    }
  });
});
