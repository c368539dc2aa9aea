import { defineConfig } from 'vitest/config';
import { referenceTierFiles } from './test/support/tiers.ts';

// Unit and integration tests of every layer below the window run in plain Node, in two tiers (test/support/tiers.ts):
// `vitest run` runs both, `--project unit` the fast loop, `--project reference` the live reference comparisons.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/report-prerequisites.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: referenceTierFiles } },
      { extends: true, test: { name: 'reference', include: referenceTierFiles } },
    ],
  },
});
