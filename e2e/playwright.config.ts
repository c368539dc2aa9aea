// End-to-end tests: the whole UI in Debian's Chromium through the headless host, and in Electron where it exists.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  outputDir: '../test-results/playwright',
  reporter: [['list'], ['json']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'browser', testDir: './browser' },
    { name: 'electron', testDir: './electron' },
  ],
});
