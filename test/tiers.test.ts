// The fast `unit` tier runs no Python or biosig: every test file that does is listed in the `reference` tier.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './support/shared-data.ts';
import { liveReferenceMarkers, referenceTierFiles } from './support/tiers.ts';

function testFiles(dir: string): string[] {
  return readdirSync(path.join(repositoryRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(relative);
    return entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

describe('test tiers', () => {
  it('lists in the reference tier every test file that runs Python or save2gdf, and only files that exist', () => {
    const live = testFiles('test').filter((file) => {
      const source = readFileSync(path.join(repositoryRoot, file), 'utf8');
      return liveReferenceMarkers.some((marker) => source.includes(marker));
    });
    expect(live.length).toBeGreaterThan(0);
    expect(live.filter((file) => !referenceTierFiles.includes(file)), 'files that run Python or biosig but are in the fast unit tier').toEqual([]);
    expect(referenceTierFiles.filter((file) => !existsSync(path.join(repositoryRoot, file))), 'listed files that do not exist').toEqual([]);
  });
});
