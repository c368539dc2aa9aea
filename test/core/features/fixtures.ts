// Loads the golden JSON written by tools/reference/features-reference.py, and tolerance helpers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { repositoryRoot } from '../../support/shared-data.ts';

export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(repositoryRoot, 'tools', 'reference', 'features-fixtures', name), 'utf8')) as T;
}

/** Every |actual - expected| <= rel x max(|expected|, floor); `floor` keeps values near zero from demanding absolute 0. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, floor = 0, what = 'value'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(Math.abs(expected[i]), floor);
    const err = Math.abs(actual[i] - expected[i]) / (scale === 0 ? 1 : scale);
    if (!(err <= worst)) { worst = err; worstAt = i; }
  }
  expect(worst, `${what}: worst relative error at ${worstAt} (actual ${actual[worstAt]}, expected ${expected[worstAt]})`).toBeLessThanOrEqual(rel);
}
