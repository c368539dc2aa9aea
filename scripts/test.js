// `npm test`: every check in order (typecheck, lint, the unit, integration and reference tiers, build, browser and
// process end-to-end, Electron end-to-end), then one closing line "N passed, N failed, N skipped". Exits non-zero when
// anything failed. `npm test -- unit e2e` runs the named steps only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { electronBinary, electronInstallCommand } from './electron-binary.js';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${[path.basename(command), ...args].join(' ')}\n`);
  const child = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return child.status === 0;
}

function step(name, fn) {
  if (only.length > 0 && !only.includes(name)) return;
  fn();
}

function check(label, ok) {
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

/** Adds counts from a JSON report; a missing report counts as one failure of that step. */
function countReport(label, file, read) {
  if (!existsSync(file)) {
    check(`${label} (no report written)`, false);
    return;
  }
  const counts = read(JSON.parse(readFileSync(file, 'utf8')));
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (counts.failed > 0) failures.push(`${label}: ${counts.failed} failed`);
}

const playwrightCounts = (report) => ({
  passed: report.stats.expected + report.stats.flaky,
  failed: report.stats.unexpected,
  skipped: report.stats.skipped,
});

step('typecheck', () => {
  check('typecheck (main)', run('typecheck main, engine, CLI, tests', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']));
  check('typecheck (renderer)', run('typecheck renderer', bin('vue-tsc'), ['--noEmit', '-p', 'tsconfig.renderer.json']));
});

step('lint', () => check('lint', run('lint', bin('eslint'), ['.'])));

const vitestCounts = (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numFailedTestSuites ?? 0), skipped: r.numPendingTests + r.numTodoTests });

/** One vitest tier (vitest.config.ts, test/support/tiers.ts) with its JSON report counted. */
function vitestTier(tier, label) {
  const report = path.join(results, `vitest-${tier}.json`);
  rmSync(report, { force: true });
  const failedBefore = totals.failed;
  const ok = run(label, bin('vitest'), ['run', '--project', tier, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  countReport(`${tier} tests`, report, vitestCounts);
  if (!ok && totals.failed === failedBefore) check(`${tier} tests (runner failed)`, false);
}

step('unit', () => vitestTier('unit', 'unit tests (Node, the fast tier)'));
step('integration', () => vitestTier('integration', 'integration tests (processes, host, sockets, worker threads, ONNX)'));
step('reference', () => vitestTier('reference', 'reference comparisons (Python, biosig, ONNX sessions on real data)'));

step('build', () => {
  check('build', run('build (electron-vite)', bin('electron-vite'), ['build']));
  const stripTypes = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'];
  check('built feature worker', run('the bundled feature worker starts under Node', process.execPath, [...stripTypes, 'scripts/check-built-worker.js']));
});

step('e2e', () => {
  // The end-to-end tests serve the built app: build first when this step runs on its own.
  if (!existsSync(path.join(root, 'out', 'renderer', 'index.html'))) check('build', run('build (electron-vite), needed by the end-to-end tests', bin('electron-vite'), ['build']));
  const report = path.join(results, 'playwright-browser.json');
  rmSync(report, { force: true });
  run('browser and process end-to-end tests (Chromium against neurofeat serve; npm start and serve signals)', bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts', '--project=browser', '--project=processes'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  countReport('browser and process e2e', report, playwrightCounts);
});

step('electron', () => {
  if (!electronBinary(root)) {
    console.log(`\nskipped: no Electron binary, so the Electron end-to-end tests did not run (get it with: ${electronInstallCommand})`);
    totals.skipped++;
    return;
  }
  const report = path.join(results, 'playwright-electron.json');
  rmSync(report, { force: true });
  run('Electron end-to-end tests', bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts', '--project=electron'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  countReport('Electron e2e', report, playwrightCounts);
});

if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
