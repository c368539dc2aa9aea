// `bench --suite review`: what the longitudinal review, the progress page, the reports, the audit check and the patient archive cost, warm and as the user meets them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { PatientReview } from '../../contract/api.ts';
import { defaultRendererDir } from '../../host/host-server.ts';
import { renderReport } from '../../services/reports/report-file.ts';
import { patientReview } from '../../services/review/patient-review.ts';
import { appendAudit, countAudit, inTransaction, verifyAuditChain } from '../../services/storage/audit.ts';
import { openDatabase } from '../../services/storage/database.ts';
import { softwareVersion } from '../../services/version.ts';
import { hostClient } from './host-client.ts';
import { chromiumArgs, chromiumPath, cliEntry, startServe } from './served-app.ts';
import { percentile, type BenchContext, type BenchSuite } from './suite.ts';
import { longHistory, risingHistory, seedTherapyHistory } from './therapy-history.ts';

const rendererIndex = path.join(defaultRendererDir, 'index.html');

/** The two therapies measured: the six weeks the progress screen's tests show, and a long one (a 3-page report). */
export const reviewSizes = [5, 40] as const;
const IN_PROCESS_REPEATS = 50;
const HOST_REPEATS = 30;
const PAGE_REPEATS = 5;
const PROCESS_REPEATS = 3;
const CHAIN_ENTRIES = 20_000;
const CHAIN_REPEATS = 5;
const S001_RUNS = 14;

/**
 * Every figure the suite prints, in order. A figure's name never changes (a test holds them), so figures from
 * two runs or two machines can be compared; `n` and the note say what each one summarises.
 */
export function reviewFigureNames(): string[] {
  const names = ['review.machine.load-average-1min.start'];
  for (const size of reviewSizes) {
    names.push(`review.patient.in-process.${size}-sessions.median`, `review.patient.in-process.${size}-sessions.p95`);
  }
  for (const format of ['html', 'pdf']) {
    for (const size of reviewSizes) names.push(`report.render.in-process.${format}.${size}-sessions.median`, `report.render.in-process.${format}.${size}-sessions.p95`);
  }
  for (const format of ['html', 'pdf']) {
    for (const size of reviewSizes) names.push(`report.process.${format}.${size}-sessions.median`, `report.process.${format}.${size}-sessions.max`);
  }
  for (const size of reviewSizes) {
    names.push(`review.patient.websocket.${size}-sessions.median`, `review.patient.websocket.${size}-sessions.p95`);
  }
  for (const size of reviewSizes) {
    names.push(`review.progress-page.click-to-drawn.${size}-sessions.median`, `review.progress-page.click-to-drawn.${size}-sessions.max`);
  }
  names.push(
    'audit.chain-check.20000-entries.median', 'audit.chain-check.20000-entries.max',
    'audit.verify.process.s001-14-runs.median', 'audit.verify.process.s001-14-runs.max',
    'export.process.s001-14-runs.median', 'export.process.s001-14-runs.max', 'export.process.s001-14-runs.throughput',
    'import.process.s001-14-runs.median', 'import.process.s001-14-runs.max', 'import.process.s001-14-runs.throughput',
    'review.machine.load-average-1min.end',
  );
  return names;
}

type Report = (name: string, value: number, unit: string, n: number, note?: string) => void;

/** Times `work` `repeats` times after `warmUp` untimed calls (ms each). */
async function timed(repeats: number, warmUp: number, work: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times;
}

/** One `neurofeat` command as its own process, node start included (wall ms); a failure throws with its stderr. */
function neurofeat(args: string[]): number {
  const t = performance.now();
  const result = spawnSync(process.execPath, [cliEntry, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const ms = performance.now() - t;
  if (result.status !== 0) throw new Error(`bench review: neurofeat ${args.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr.trim()}`);
  return ms;
}

/** Median and, beside it, the p95 (many repeats) or the maximum (a few). */
function summary(report: Report, name: string, times: number[], unit: string, note?: string): void {
  const tail = times.length >= 20 ? 'p95' : 'max';
  report(`${name}.median`, percentile(times, 50), unit, times.length, note);
  report(`${name}.${tail}`, tail === 'p95' ? percentile(times, 95) : Math.max(...times), unit, times.length);
}

const mb = (bytes: number) => bytes / 1024 ** 2;

export const reviewSuite: BenchSuite = {
  async run(context) {
    const names = new Set(reviewFigureNames());
    const report: Report = (name, value, unit, n, note) => {
      if (!names.has(name)) throw new Error(`bench review: figure '${name}' is not in reviewFigureNames()`);
      context.report({ name, value, unit, n, note });
    };
    const load = loadavg();
    report('review.machine.load-average-1min.start', load[0], '', 1, `5 min ${load[1].toFixed(2)}, 15 min ${load[2].toFixed(2)}; ${availableParallelism()} cores: figures from a busy machine are slower`);
    const work = mkdtempSync(path.join(tmpdir(), 'nf-bench-review-'));
    try {
      const seeded = seedPatients(path.join(work, 'therapy'));
      await measureReviewAndReports(context, report, path.join(work, 'therapy'), seeded, work);
      await measureHost(context, report, path.join(work, 'therapy'), seeded);
      measureChain(context, report, path.join(work, 'chain'));
      measureRecords(context, report, work);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    report('review.machine.load-average-1min.end', loadavg()[0], '', 1);
  },
};

interface Seeded { size: number; code: string; patientId: number }

/** One data folder with a patient per size: BENCH-5 (the six weeks of the tests) and BENCH-40. */
function seedPatients(dataDir: string): Seeded[] {
  const db = openDatabase(dataDir);
  try {
    return reviewSizes.map((size) => {
      const code = `BENCH-${size}`;
      const { patientId } = seedTherapyHistory(db, code, size === 5 ? risingHistory : longHistory(size));
      return { size, code, patientId };
    });
  } finally {
    db.close();
  }
}

async function measureReviewAndReports(context: BenchContext, report: Report, dataDir: string, seeded: Seeded[], work: string): Promise<void> {
  context.log(`review.patient and the report rendering in this process (${IN_PROCESS_REPEATS} times after 5 warm-up calls), then neurofeat report as a process (${PROCESS_REPEATS} times)`);
  const db = openDatabase(dataDir);
  const reviews = new Map<number, PatientReview>();
  try {
    for (const { size, patientId } of seeded) {
      const times = await timed(IN_PROCESS_REPEATS, 5, () => reviews.set(size, patientReview(db, patientId)));
      summary(report, `review.patient.in-process.${size}-sessions`, times, 'ms', size === reviewSizes[0] ? 'warm: the database open, the statements compiled, the logistic trend fitted each time' : undefined);
    }
  } finally {
    db.close();
  }
  const provenance = { version: softwareVersion(), dataDir };
  for (const format of ['html', 'pdf'] as const) {
    for (const { size } of seeded) {
      const review = reviews.get(size)!;
      let bytes = 0;
      const times = await timed(IN_PROCESS_REPEATS, 5, () => { bytes = renderReport(review, format, 'en', provenance).bytes.length; });
      summary(report, `report.render.in-process.${format}.${size}-sessions`, times, 'ms', `${(bytes / 1024).toFixed(0)} KB; from the review object to the file's bytes`);
    }
  }
  for (const format of ['html', 'pdf'] as const) {
    for (const { size, code } of seeded) {
      const out = path.join(work, `report-${size}.${format}`);
      const times = Array.from({ length: PROCESS_REPEATS }, () => neurofeat(['report', '--data-dir', dataDir, '--patient', code, '--out', out, '--force']));
      summary(report, `report.process.${format}.${size}-sessions`, times, 'ms', `whole process: node start, database open, review, render, write (${(statSync(out).size / 1024).toFixed(0)} KB); first ${times[0].toFixed(0)} ms`);
    }
  }
}

/** `review.patient` through `neurofeat serve`'s WebSocket, then the progress page in Chromium when there is one. */
async function measureHost(context: BenchContext, report: Report, dataDir: string, seeded: Seeded[]): Promise<void> {
  const served = await startServe(dataDir);
  try {
    const url = served.url;
    context.log(`review.patient over the host's WebSocket (${HOST_REPEATS} calls after 3 warm-up calls)`);
    const host = await hostClient(url);
    try {
      for (const { size, patientId } of seeded) {
        const times = await timed(HOST_REPEATS, 3, () => host.call<PatientReview>('review.patient', { patientId }));
        summary(report, `review.patient.websocket.${size}-sessions`, times, 'ms', size === reviewSizes[0] ? 'call sent to reply decoded: the host reads the database and sends the review as JSON' : undefined);
      }
    } finally {
      host.close();
    }
    await measureProgressPage(context, report, url, seeded);
  } finally {
    await served.stop();
  }
}

/**
 * Runs in the page before the click: from the click event to the first animation frame in which the verdict is
 * shown and the chart's canvas has pixels (the chart draws without animation), with when each one came and how long
 * the page's main thread was busy in long tasks meanwhile.
 */
const watchProgressPage = `(() => {
  window.__benchReview = new Promise((resolve) => {
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
    observer.observe({ type: 'longtask' });
    document.addEventListener('click', (event) => {
      const clicked = event.timeStamp;
      let verdictAt = null;
      let chartAt = null;
      const painted = (canvas) => {
        if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
        const pixels = new Uint32Array(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data.buffer);
        return pixels.some((p) => p !== 0);
      };
      const check = () => {
        const now = performance.now();
        const verdict = document.querySelector('[data-testid="review-verdict"]');
        if (verdictAt === null && verdict && verdict.textContent.trim() !== '' && verdict.checkVisibility()) verdictAt = now;
        if (chartAt === null && painted(document.querySelector('[data-testid="review-chart-canvas"] canvas'))) chartAt = now;
        if (verdictAt !== null && chartAt !== null) {
          const end = Math.max(verdictAt, chartAt);
          longTasks.push(...observer.takeRecords());
          observer.disconnect();
          const busy = longTasks.reduce((sum, t) => sum + Math.max(0, Math.min(end, t.startTime + t.duration) - Math.max(clicked, t.startTime)), 0);
          resolve({ total: end - clicked, verdict: verdictAt - clicked, chart: chartAt - clicked, busy });
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }, { capture: true, once: true });
  });
})()`;

async function measureProgressPage(context: BenchContext, report: Report, url: string, seeded: Seeded[]): Promise<void> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    context.log(`review: no Chromium at ${executablePath} (CHROMIUM_PATH): the progress page figures are skipped`);
    return;
  }
  if (!existsSync(rendererIndex)) {
    context.log(`review: the renderer is not built (${rendererIndex} is missing; npm run build): the progress page figures are skipped`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const base = url.split('#')[0];
    context.log(`the progress page in Chromium: click on "Progress over sessions" to verdict and chart drawn, ${PAGE_REPEATS} times per patient, each from a freshly loaded patient's page`);
    for (const { size, patientId } of seeded) {
      const runs: { total: number; verdict: number; chart: number; busy: number }[] = [];
      for (let i = 0; i < PAGE_REPEATS; i++) {
        await page.goto('about:blank');
        await page.goto(`${base}#/patients/${patientId}`);
        // The link appears once the patient has come over the WebSocket: the page is live.
        await page.getByTestId('patient-progress').waitFor();
        await page.evaluate(watchProgressPage);
        await page.getByTestId('patient-progress').click();
        runs.push(await page.evaluate('window.__benchReview') as { total: number; verdict: number; chart: number; busy: number });
      }
      const totals = runs.map((r) => r.total);
      summary(report, `review.progress-page.click-to-drawn.${size}-sessions`, totals, 'ms',
        `click event to the first frame with the verdict shown and the chart painted (Chromium, 1366x768, --disable-gpu); verdict median ${percentile(runs.map((r) => r.verdict), 50).toFixed(0)} ms, chart ${percentile(runs.map((r) => r.chart), 50).toFixed(0)} ms; main thread in long tasks (> 50 ms) meanwhile, median ${percentile(runs.map((r) => r.busy), 50).toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
  }
}

/** The audit log's chain check alone, on a log of exactly 20,000 entries (written in one transaction). */
function measureChain(context: BenchContext, report: Report, dataDir: string): void {
  const db = openDatabase(dataDir);
  try {
    const missing = CHAIN_ENTRIES - countAudit(db);
    context.log(`writing ${missing} audit entries, then checking the chain of ${CHAIN_ENTRIES} ${CHAIN_REPEATS} times`);
    inTransaction(db, () => {
      for (let i = 0; i < missing; i++) {
        appendAudit(db, { action: 'run.registered', subject: `run:${i + 1}`, details: { patientId: 1 + (i % 50), sessionId: 1 + (i % 400), file: `recordings/session-${1 + (i % 400)}/run-${i + 1}.bdf`, sha256: i.toString(16).padStart(64, '0'), bytes: 2_596_896 } });
      }
    });
    const times: number[] = [];
    for (let i = 0; i < CHAIN_REPEATS; i++) {
      const t = performance.now();
      const check = verifyAuditChain(db);
      times.push(performance.now() - t);
      if (!check.intact || check.entries !== CHAIN_ENTRIES) throw new Error(`bench review: the chain of ${check.entries} entries does not hold (${JSON.stringify(check.firstBroken)})`);
    }
    summary(report, 'audit.chain-check.20000-entries', times, 'ms', 'in process: every entry read and its SHA-256 recomputed along the chain');
  } finally {
    db.close();
  }
}

/** PhysioNet S001's 14 runs imported as a session (`session import`), then `audit verify`, `export` and `import` as processes. */
function measureRecords(context: BenchContext, report: Report, work: string): void {
  const folder = path.join(context.dataDir, 'physionet-eegmmidb', 'S001');
  const runs = existsSync(folder) ? readdirSync(folder).filter((name) => /^S001R\d\d\.edf$/.test(name)).sort().map((name) => path.join(folder, name)) : [];
  if (runs.length !== S001_RUNS) {
    context.log(`review: PhysioNet S001's ${S001_RUNS} runs are not in ${folder} (--shared-data DIR): the audit verify, export and import figures are skipped`);
    return;
  }
  const recordingBytes = runs.reduce((sum, file) => sum + statSync(file).size, 0);
  const dataDir = path.join(work, 'records');
  context.log(`importing S001's ${S001_RUNS} runs (${mb(recordingBytes).toFixed(1)} MB) as one session, then audit verify, export and import, ${PROCESS_REPEATS} times each`);
  neurofeat(['patient', 'add', '--data-dir', dataDir, '--code', 'S001']);
  neurofeat(['session', 'import', '--data-dir', dataDir, '--patient', 'S001', ...runs]);

  const verify = Array.from({ length: PROCESS_REPEATS }, () => neurofeat(['audit', 'verify', '--data-dir', dataDir]));
  summary(report, 'audit.verify.process.s001-14-runs', verify, 'ms', `whole process: chain, then every recording hashed (${mb(recordingBytes).toFixed(1)} MB, ${(mb(recordingBytes) / (percentile(verify, 50) / 1000)).toFixed(0)} MB/s at the median); first ${verify[0].toFixed(0)} ms`);

  const archives = Array.from({ length: PROCESS_REPEATS }, (_, i) => path.join(work, `s001-${i}.tar`));
  const exported = archives.map((archive) => neurofeat(['export', '--data-dir', dataDir, '--patient', 'S001', '--out', archive]));
  const archiveBytes = statSync(archives[0]).size;
  summary(report, 'export.process.s001-14-runs', exported, 'ms', `whole process: every file hashed, archived and hashed again (${mb(archiveBytes).toFixed(1)} MB archive)`);
  report('export.process.s001-14-runs.throughput', mb(archiveBytes) / (percentile(exported, 50) / 1000), 'MB/s', exported.length, 'archive size over the median process time');

  const imported = archives.map((archive, i) => {
    const target = path.join(work, `imported-${i}`);
    mkdirSync(target);
    return neurofeat(['import', '--data-dir', target, archive]);
  });
  summary(report, 'import.process.s001-14-runs', imported, 'ms', 'whole process, into an empty data folder: the archive checked completely, copied, hashed again, rows inserted in one transaction');
  report('import.process.s001-14-runs.throughput', mb(archiveBytes) / (percentile(imported, 50) / 1000), 'MB/s', imported.length, 'archive size over the median process time');
}
