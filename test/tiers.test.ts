// The tiers hold what they say: the fast `unit` tier starts no process and runs no Python; the reference tier lists every live Python or biosig comparison.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './support/shared-data.ts';
import { integrationMarkers, integrationTierFiles, referenceMarkers, referenceTierFiles } from './support/tiers.ts';

function testFiles(dir: string): string[] {
  return readdirSync(path.join(repositoryRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(relative);
    return entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

// This file names the markers itself, so it is left out of the scan.
const sources = new Map(testFiles('test').filter((file) => file !== 'test/tiers.test.ts').map((file) => [file, readFileSync(path.join(repositoryRoot, file), 'utf8')]));
const containing = (markers: string[]) => [...sources].filter(([, source]) => markers.some((m) => source.includes(m))).map(([file]) => file);

describe('test tiers', () => {
  it('lists in the reference tier every test file that runs Python or save2gdf', () => {
    const live = containing(referenceMarkers);
    expect(live.length).toBeGreaterThan(0);
    expect(live.filter((file) => !referenceTierFiles.includes(file)), 'files that run Python or biosig outside the reference tier').toEqual([]);
  });

  it('keeps every file that starts processes, a host, sockets or onnxruntime out of the unit tier', () => {
    const slow = containing(integrationMarkers);
    expect(slow.length).toBeGreaterThan(0);
    const tiered = [...referenceTierFiles, ...integrationTierFiles];
    expect(slow.filter((file) => !tiered.includes(file)), 'files that start processes, sockets or onnxruntime in the unit tier').toEqual([]);
  });

  it('lists only files that exist, each in one tier', () => {
    const listed = [...referenceTierFiles, ...integrationTierFiles];
    expect(listed.filter((file) => !existsSync(path.join(repositoryRoot, file)))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
