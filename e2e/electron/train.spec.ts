// The calibration flow in the Electron app itself (runs where the Electron binary is installed): the runs chosen in the import's file dialog (stubbed in the main process), then the steps the browser spec takes (e2e/flows/train-flow.ts).
import { _electron as electron, test, expect, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot, watchConsole } from '../fixtures.ts';
import { TrainFlow, trainRunsMissing } from '../flows/train-flow.ts';

/** Makes the main process's next file dialogs answer `files` (as if the clinician chose them), and records what each was asked. */
async function stubOpenDialog(app: ElectronApplication, files: string[]): Promise<void> {
  await app.evaluate(({ dialog }, chosen) => {
    const asked: unknown[] = [];
    (globalThis as { dialogsAsked?: unknown[] }).dialogsAsked = asked;
    dialog.showOpenDialog = (async (...args: unknown[]) => {
      asked.push(args.at(-1));
      return { canceled: false, filePaths: chosen };
    }) as typeof dialog.showOpenDialog;
  }, files);
}

test('in Electron: the runs chosen in the file dialog, PSD extracted, a feature clicked, the default procedure and automatic selection trained, families compared, the model chosen', async ({}, testInfo) => {
  test.skip(trainRunsMissing !== null, trainRunsMissing ?? '');
  // Training on a loaded two-core machine takes tens of seconds; the comparison trains six families.
  test.setTimeout(1_200_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nf-electron-train-'));
  const app = await electron.launch({ args: [repositoryRoot, `--data-dir=${dataDir}`], cwd: repositoryRoot });
  try {
    const page = await app.firstWindow();
    const problems = watchConsole(page);
    // The size the screens are checked at.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.setContentSize(1366, 768));
    const flow = new TrainFlow(page, (name) => page.screenshot({ path: testInfo.outputPath(`electron-${name}.png`), fullPage: true }));
    await expect(flow.patients.heading()).toBeVisible();

    await flow.importTheRuns('EL-TR-1', async (files) => {
      await stubOpenDialog(app, files);
      await page.getByTestId('run-choose-files').click();
      await expect(flow.extract.runRows()).toHaveCount(files.length, { timeout: 60_000 });
      // One dialog, in the window's language, for the recording formats.
      const asked = await app.evaluate(() => (globalThis as { dialogsAsked?: unknown[] }).dialogsAsked ?? []);
      expect(asked).toEqual([expect.objectContaining({ title: 'Import recordings into this session', properties: ['openFile', 'multiSelections'], filters: [expect.objectContaining({ extensions: expect.arrayContaining(['edf', 'gdf']) })] })]);
    });
    await flow.extractAndChooseFeature();
    await flow.trainTheDefaultProcedure();
    await flow.trainAutomaticSelection('choose');
    await flow.compareTheFamilies();
    await flow.chooseTheModel();
    console.log(`electron train timings: ${JSON.stringify(flow.timings)}`);
    expect(problems).toEqual([]);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
