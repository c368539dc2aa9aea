// End-to-end tests: the whole UI in Debian's Chromium through the headless host, in Electron where it exists, and
// the processes `npm start` and `neurofeat serve` (stop signals, the offline fallback). They run on the built app (`npm run build`).
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
    { name: 'processes', testDir: './processes' },
  ],
});
