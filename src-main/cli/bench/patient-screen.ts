// Bench figures of the patient's screen in Chromium through the headless host: classifier output to bar drawn, cue drawn vs scheduled.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Attempt, JobFinishedEvent, JobStatus, Patient, ProtocolStatus, Run, Session } from '../../contract/api.ts';
import { hostClient } from './host-client.ts';
import { chromiumArgs, chromiumPath, startServe, type ServedHost } from './served-app.ts';
import { percentile, type BenchContext } from './suite.ts';

/**
 * Two calibration runs at 25x and a csp model trained in the app, then an online run in real time with the
 * patient's page open in Chromium: the run's stored display timing gives the figures.
 */
export async function measurePatientScreen(context: BenchContext, seconds: number): Promise<void> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    context.log(`online: no Chromium at ${executablePath}: the patient's screen figures are skipped`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: [...chromiumArgs, '--autoplay-policy=no-user-gesture-required'] });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nf-bench-patient-'));
  let served: ServedHost | undefined;
  try {
    served = await startServe(dataDir);
    const url = served.url;
    const host = await hostClient(url);
    const patient = await host.call<Patient>('patients.create', { code: 'BENCH-LOOP' });
    const session = await host.call<Session>('sessions.create', { patientId: patient.id });
    const ended = (runId: number) => host.waitFor(() => host.events.filter((e) => e.event === 'protocol.status').map((e) => e.payload as ProtocolStatus).find((s) => s.runId === runId && s.state === 'idle' && s.ended !== null), 600_000);
    context.log('online: two calibration runs in the app (25x) and a csp model');
    await host.call('acquisition.start', { device: 'synthetic', sessionId: session.id, record: false, config: { seed: 5, speed: 25, desyncDepth: 0.8 } });
    for (const seed of [1, 2]) {
      const run = await host.call<ProtocolStatus>('protocol.start', { sessionId: session.id, kind: 'calibration', settings: { trialsPerClass: 10, baselineSec: 2, seed } });
      await ended(run.runId!);
    }
    await host.call('acquisition.stop', { sessionId: session.id });
    const runs = await host.call<Run[]>('recordings.list', { sessionId: session.id });
    const job = await host.call<JobStatus>('training.start', { sessionId: session.id, runIds: runs.map((r) => r.id), family: 'csp', cv: { kind: 'kfold', k: 5 } });
    const finished = await host.waitFor(() => host.events.filter((e) => e.event === 'job.finished').map((e) => e.payload as JobFinishedEvent).find((e) => e.jobId === job.jobId), 300_000);
    await host.call('models.choose', { sessionId: session.id, attemptId: (finished.result as Attempt).id });

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${url.split('#')[0]}#/patient`);
    await page.getByTestId('patient-screen').waitFor();
    await host.call('acquisition.start', { device: 'synthetic', sessionId: session.id, record: false, config: { seed: 6, desyncDepth: 0.8 } });
    const trialsPerClass = Math.max(1, Math.floor((seconds - 2) / 10.5 / 2));
    context.log(`online: an online run of ${2 * trialsPerClass} trials in real time with the patient's page in Chromium`);
    const online = await host.call<ProtocolStatus>('protocol.start', { sessionId: session.id, kind: 'online', settings: { trialsPerClass, baselineSec: 2, seed: 3 } });
    await ended(online.runId!);
    await host.call('acquisition.stop', { sessionId: session.id });
    const record = (await host.call<Run[]>('recordings.list', { sessionId: session.id })).find((r) => r.id === online.runId)?.protocol;
    host.close();
    if (!record) throw new Error('the online run was not registered');
    const cue = record.cues.map((c) => c.drawnLatencyMs).filter((v): v is number => v !== null);
    const refreshHz = await page.evaluate(() => new Promise<number>((resolve) => {
      const raf = (globalThis as unknown as { requestAnimationFrame(callback: () => void): number }).requestAnimationFrame;
      let frames = 0;
      const start = performance.now();
      const step = () => (performance.now() - start < 1000 ? (frames++, raf(step)) : resolve((frames * 1000) / (performance.now() - start)));
      raf(step);
    }));
    const frameMs = 1000 / refreshHz;
    const feedback = record.feedbackDrawnMs;
    const note = `Chromium ${refreshHz.toFixed(0)} fps (one frame ${frameMs.toFixed(1)} ms), host and engine on this machine, ${record.provider}`;
    if (feedback) {
      context.report({ name: 'online.output-to-screen.p50', value: feedback.p50, unit: 'ms', n: feedback.n, note: `classifier output (engine) to the bar drawn on the patient's page; ${note}` });
      context.report({ name: 'online.output-to-screen.p99', value: feedback.p99, unit: 'ms', n: feedback.n, note: 'target p99 < 30 ms' });
    }
    context.report({ name: 'online.cue-drawn-vs-scheduled.p50', value: percentile(cue, 50), unit: 'ms', n: cue.length, note: `cue drawn minus the time its marker's sample was taken (signed); ${note}` });
    context.report({ name: 'online.cue-drawn-vs-scheduled.abs-p99', value: percentile(cue.map(Math.abs), 99), unit: 'ms', n: cue.length, note: `target p99 under one frame (${frameMs.toFixed(1)} ms)` });
    context.report({ name: 'online.app-run.accuracy', value: record.accuracy ?? NaN, unit: 'fraction', n: record.decisions.length, note: 'the online run in the app (engine acquisition, chosen model)' });
  } finally {
    await browser.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
