import { defineConfig } from 'vitest/config';

// Unit and integration tests of every layer below the window run in plain Node.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
