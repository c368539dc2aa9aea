import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { integrationTierFiles, referenceTierFiles } from './test/support/tiers.ts';

// Unit and integration tests of every layer below the window run in plain Node, in three tiers (test/support/tiers.ts):
// `vitest run` runs them all; `--project unit` is the fast loop, `--project integration` and `--project reference` the rest.
// The Vue plugin lets renderer tests import single-file components (rendered on the server side: no DOM here).
export default defineConfig({
  plugins: [vue()],
  // `// @vitest-environment client-components` in a test file: components compiled for the window's runtime (test/support/client-components-environment.ts).
  resolve: { alias: { 'vitest-environment-client-components': fileURLToPath(new URL('./test/support/client-components-environment.ts', import.meta.url)) } },
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
