// The closed loop in Chromium through the headless host: calibration runs from the clinician's panel land in the runs list,
// the patient's page shows each phase in step with the protocol (screenshots), and an online run gives feedback with the chosen model.
import type { Page } from '@playwright/test';
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing, watchConsole } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';
import { connect, type TestClient } from '../../test/support/host-client.ts';
import type { Attempt, JobFinishedEvent, JobStatus, ProtocolStatus } from '../../src-main/contract/api.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
test.use({ launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs, '--autoplay-policy=no-user-gesture-required'] }, viewport: { width: 1366, height: 768 } });

/** A script's connection to the same host (the amplifier's speed factor and the training are set from here). */
async function sideClient(url: string): Promise<TestClient> {
  const page = new URL(url);
  return connect(`ws://${page.host}/api?token=${page.searchParams.get('token')}`, { origin: `http://${page.host}` });
}

async function call<T>(client: TestClient, method: string, params: unknown): Promise<T> {
  const result = await client.call(method, params);
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** Scrolls the run panel's device group to the top of the window (its legend in view) for a 1366x768 screenshot. */
const deviceGroupInView = (page: Page) => page.getByTestId('protocol-device').evaluate((element) => (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: 'start' }));

const statuses = (client: TestClient) => client.events.filter((e) => e.event === 'protocol.status').map((e) => e.payload as ProtocolStatus);

/** Waits for the patient's screen to show a phase, takes its screenshot, and says which trial and cue it showed. */
async function phaseShot(patient: Page, phase: string, file: string): Promise<{ trial: number; cue: string }> {
  const screen = patient.getByTestId('patient-screen');
  // Checked every animation frame: a phase lasts from 1 s (the beep) up.
  await patient.waitForFunction((wanted) => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('[data-testid="patient-screen"]')?.getAttribute('data-phase') === wanted, phase, { polling: 'raf', timeout: 40_000 });
  const seen = { trial: Number(await screen.getAttribute('data-trial')), cue: (await screen.getAttribute('data-cue')) ?? '' };
  await patient.screenshot({ path: file });
  return seen;
}

test('calibration runs from the clinician\'s panel, the patient\'s screen in step, an online run with feedback', async ({ page, host, consoleProblems, context }, testInfo) => {
  test.setTimeout(240_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const side = await sideClient(host.url);
  const shot = (p: Page, name: string) => p.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  let sessionId = 0;

  await test.step('a session with no acquisition: the run panel says why it cannot start', async () => {
    await page.goto(host.url);
    await patients.createPatient({ code: 'LOOP-001' });
    await patients.openPatient('LOOP-001');
    await session.openNewSession();
    await expect(session.sessionHeading()).toBeVisible();
    sessionId = Number(/sessions\/(\d+)/.exec(page.url())?.[1]);
    await expect(page.getByTestId('protocol-start-calibration')).toBeDisabled();
    await expect(page.getByTestId('protocol-start-online')).toBeDisabled();
    await expect(page.getByTestId('protocol-start-reason')).toContainText('Start this session’s acquisition');
    await page.getByTestId('protocol-panel').scrollIntoViewIfNeeded();
    await shot(page, '01-run-panel-no-acquisition-en');
  });

  await test.step('two calibration runs at 6x real time, started from the keyboard, land in the runs list', async () => {
    await call(side, 'acquisition.start', { device: 'synthetic', sessionId, record: false, config: { seed: 2, speed: 6, desyncDepth: 0.9 } });
    await expect(page.getByTestId('protocol-start-calibration')).toBeEnabled();
    await expect(page.getByTestId('protocol-start-online')).toBeDisabled();
    await expect(page.getByTestId('protocol-start-reason')).toContainText('chosen model');
    await page.getByTestId('protocol-trials').fill('3');
    await page.getByTestId('protocol-baseline').fill('1');
    // The rehabilitation device: nothing listens on port 9, so the online run below goes on with the link's loss noted.
    await page.getByTestId('protocol-device-output').fill('tcp:127.0.0.1:9');
    await page.getByTestId('protocol-device-target').selectOption('either');
    await page.getByTestId('protocol-device-hold').fill('0.5');
    await page.getByTestId('protocol-device-command').fill('text:STIM {index}\\r\\n');
    // The headless host lists no display: the page opens the patient's screen as a window of its own.
    await expect(page.getByTestId('protocol-display')).toHaveText('This browser window');
    await deviceGroupInView(page);
    await page.screenshot({ path: testInfo.outputPath('02a-run-panel-device-en.png') });
    for (const run of [1, 2]) {
      await page.getByTestId('protocol-start-calibration').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('protocol-run')).toBeVisible();
      await expect(page.getByTestId('protocol-trial')).toHaveAttribute('data-trial', /[1-9]/, { timeout: 20_000 });
      if (run === 1) await shot(page, '02-calibration-running-en');
      await expect(page.getByTestId('protocol-ended')).toHaveAttribute('data-ended', 'finished', { timeout: 60_000 });
      await expect(session.runs().filter({ hasText: 'calibration run' })).toHaveCount(run);
    }
    await shot(page, '03-calibration-listed-en');
  });

  await test.step('a model trained on them and chosen (by script): online runs become possible', async () => {
    const runs = await call<{ id: number; kind: string }[]>(side, 'recordings.list', { sessionId });
    expect(runs.map((r) => r.kind)).toEqual(['calibration', 'calibration']);
    const job = await call<JobStatus>(side, 'training.start', { sessionId, runIds: runs.map((r) => r.id), family: 'csp', cv: { kind: 'kfold', k: 3 } });
    const done = () => side.events.find((e) => e.event === 'job.finished' && (e.payload as JobFinishedEvent).jobId === job.jobId)?.payload as JobFinishedEvent | undefined;
    await side.waitFor(() => done() !== undefined, 120_000);
    const attempt = done()!.result as Attempt;
    await call(side, 'models.choose', { sessionId, attemptId: attempt.id });
    await call(side, 'acquisition.stop', { sessionId });
    // In real time: long enough for a screenshot of every phase.
    await call(side, 'acquisition.start', { device: 'synthetic', sessionId, record: false, config: { seed: 3, desyncDepth: 0.9 } });
    await page.reload();
    // The settings the runs started with are remembered on the workstation.
    await expect(page.getByTestId('protocol-trials')).toHaveValue('3');
    await expect(page.getByTestId('protocol-device-output')).toHaveValue('tcp:127.0.0.1:9');
    await expect(page.getByTestId('protocol-device-target')).toHaveValue('either');
    await expect(page.getByTestId('protocol-device-hold')).toHaveValue('0.5');
    await expect(page.getByTestId('protocol-model')).toContainText(`attempt ${attempt.id}`);
    await expect(page.getByTestId('protocol-start-online')).toBeEnabled();
  });

  await test.step('the patient\'s page follows the online run phase by phase, in step with the protocol', async () => {
    const patient = await context.newPage();
    const patientProblems = watchConsole(patient);
    await patient.goto(`${host.url}#/patient`);
    await expect(patient.getByTestId('patient-screen')).toHaveAttribute('data-mode', 'waiting');
    await patient.screenshot({ path: testInfo.outputPath('10-patient-waiting.png') });
    await page.getByTestId('protocol-trials').fill('1');
    await page.getByTestId('protocol-baseline').fill('1');
    // The cue shown 4.5 s: long enough for its screenshot on a loaded machine.
    await page.getByLabel('Cue shown (s)').fill('4.5');
    // And 2.5 s of feedback after it: long enough to see the bar after the screenshot on a loaded machine.
    await page.getByLabel('Imagery from the cue (s)').fill('7');
    // A threshold outside 0.05..1 is named before anything is sent, and nothing starts.
    await page.getByTestId('protocol-device-threshold').fill('1.5');
    await page.getByTestId('protocol-start-online').click();
    await expect(page.getByTestId('protocol-device')).toContainText('Threshold: enter a number from 0.05 to 1.');
    await expect(page.getByTestId('protocol-run')).toHaveCount(0);
    await deviceGroupInView(page);
    await page.screenshot({ path: testInfo.outputPath('09-run-panel-device-invalid-en.png') });
    await page.getByTestId('protocol-device-threshold').fill('0.6');
    side.events.length = 0;
    await page.getByTestId('protocol-start-online').click();
    await expect(page.getByTestId('protocol-provider')).toHaveText(/CPU|GPU/);
    const shots: Record<string, { trial: number; cue: string }> = {};
    for (const phase of ['fixation', 'beep', 'cue', 'feedback', 'rest']) {
      shots[phase] = await phaseShot(patient, phase, testInfo.outputPath(`11-patient-${phase}.png`));
      if (phase === 'feedback') {
        // The bar is drawn during feedback; the clinician sees the output, the latency and the provider.
        await expect(patient.getByTestId('feedback-bar')).toBeAttached();
        await expect(page.getByTestId('protocol-latency')).toContainText('ms');
        await shot(page, '12-online-running-en');
      }
    }
    // What the patient saw is what the engine ran: the cue's trial and symbol.
    const engine = statuses(side);
    expect(engine.some((s) => s.phase === 'cue' && s.trial === shots.cue.trial && s.cue === shots.cue.cue)).toBe(true);
    expect(['arrow-left', 'arrow-right']).toContain(shots.cue.cue);
    await expect(patient.getByTestId('patient-screen')).toHaveAttribute('data-mode', 'done', { timeout: 60_000 });
    await patient.screenshot({ path: testInfo.outputPath('13-patient-done.png') });
    await expect(page.getByTestId('protocol-ended')).toHaveAttribute('data-ended', 'finished');
    await expect(session.runs().filter({ hasText: 'online run' })).toHaveCount(1);
    // The patient's page reported when it drew each cue: the run keeps the delays.
    const online = (await call<{ kind: string; protocol?: { cueDrawnMs: { n: number; p99: number } | null; feedbackDrawnMs: { n: number } | null; trigger?: { output: string; lost: string | null } | null } }[]>(side, 'recordings.list', { sessionId })).find((r) => r.kind === 'online')!;
    // The run drove the device the panel named (its link refused: the run went on, the loss recorded).
    expect(online.protocol?.trigger).toMatchObject({ output: 'tcp:127.0.0.1:9', lost: expect.stringMatching(/refused/) });
    expect(online.protocol?.cueDrawnMs?.n).toBe(2);
    expect(online.protocol?.feedbackDrawnMs?.n).toBeGreaterThan(10);
    testInfo.annotations.push({ type: 'cue drawn vs scheduled p99 (ms)', description: String(online.protocol?.cueDrawnMs?.p99) });
    expect(patientProblems).toEqual([]);
    await patient.close();
  });

  await test.step('pause and abort from the keyboard keep the partial run; the panel in French', async () => {
    await page.locator('#language-switch').selectOption('fr');
    await expect(page.getByTestId('protocol-start-calibration')).toHaveText('Lancer un passage de calibration');
    await page.getByTestId('protocol-panel').scrollIntoViewIfNeeded();
    await shot(page, '19-run-panel-fr');
    // The device's fields in French, an address of no known form named.
    await page.getByTestId('protocol-device-output').fill('stimulateur');
    await page.getByTestId('protocol-start-online').click();
    await expect(page.getByTestId('protocol-device')).toContainText('Adresse : écrivez tcp:HÔTE:PORT ou serial:PORT');
    await expect(page.getByTestId('protocol-display')).toHaveText('Cette fenêtre du navigateur');
    await deviceGroupInView(page);
    await page.screenshot({ path: testInfo.outputPath('19a-run-panel-device-invalid-fr.png') });
    await page.getByTestId('protocol-device-output').fill('');
    await page.getByTestId('protocol-trials').fill('5');
    await page.getByLabel('Durée de la consigne (s)').fill('1.25');
    await page.getByTestId('protocol-start-calibration').click();
    await expect(page.getByTestId('protocol-trial')).toHaveAttribute('data-trial', /[1-9]/, { timeout: 30_000 });
    await page.getByTestId('protocol-pause').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('protocol-run')).toHaveAttribute('data-state', /pausing|paused/);
    await shot(page, '20-paused');
    await page.getByTestId('protocol-abort').click();
    await expect(page.getByTestId('protocol-ended')).toHaveAttribute('data-ended', 'aborted');
    await shot(page, '21-aborted-fr');
    await expect(session.runs().filter({ hasText: 'interrompu' })).toHaveCount(1);
    await page.locator('#language-switch').selectOption('en');
  });

  side.close();
  expect(consoleProblems).toEqual([]);
});
