import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { integrationTierFiles, referenceTierFiles } from './test/support/tiers.ts';

// Unit and integration tests of every layer below the window run in plain Node, in three tiers (test/support/tiers.ts):
// `vitest run` runs them all; `--project unit` is the fast loop, `--project integration` and `--project reference` the rest.
// The Vue plugin lets renderer tests import single-file components (rendered on the server side: no DOM here).
export default defineConfig({
  plugins: [vue()],
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/report-prerequisites.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...integrationTierFiles, ...referenceTierFiles] } },
      { extends: true, test: { name: 'integration', include: integrationTierFiles } },
      { extends: true, test: { name: 'reference', include: referenceTierFiles } },
    ],
  },
});
