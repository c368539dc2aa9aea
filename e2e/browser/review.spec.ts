// A patient's progress over sessions in Chromium through the headless host: six weeks of therapy seeded into the data folder, the verdict, the chart read by keyboard, the table, clinical assessments recorded and corrected by keyboard, the record history, EN and FR.
import { readFileSync } from 'node:fs';
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { ReviewPage } from '../pages/review-page.ts';
import { openDatabase } from '../../src-main/services/storage/database.ts';
import { saveImpedanceMeasurement } from '../../src-main/services/storage/impedance.ts';
import { seedTherapyHistory } from '../../src-main/cli/bench/therapy-history.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 }, timezoneId: 'UTC' });

test('a clinician reads a patient\'s progress over six weeks of sessions, by mouse and keyboard, in English and French', async ({ page, host, consoleProblems }, testInfo) => {
  test.setTimeout(90_000);
  const db = openDatabase(host.dataDir);
  let seeded: { patientId: number; sessionIds: number[] };
  try {
    seeded = seedTherapyHistory(db, 'REV-001');
  } finally {
    db.close();
  }
  const patients = new PatientsPage(page);
  const review = new ReviewPage(page);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await test.step('from the patient\'s page to the progress screen: the verdict and how to read it', async () => {
    await page.goto(host.url);
    await patients.openPatient('REV-001');
    await expect(review.progressLink()).toHaveText('Progress over sessions');
    await shot('00-patient-en');
    await review.openFromPatient();
    await expect(page).toHaveURL(new RegExp(`#/patients/${seeded.patientId}/review$`));
    await expect(review.heading()).toHaveText('Progress over sessions: REV-001');
    await expect(page).toHaveTitle(/Progress over sessions/);
    await expect(review.verdict()).toHaveText('Online accuracy rose from 56% to 85% over 6 weeks (odds ×1.28 per week, 95% CI 1.05–1.57, p = 0.014).');
    await expect(review.help()).toContainText('How to read this: each bar is a 95% interval');
  });

  await test.step('one row per session, oldest first, problems flagged', async () => {
    await expect(review.rows()).toHaveCount(5);
    await expect(review.rows().nth(0)).toContainText('Sep 7, 2026');
    await expect(review.rows().nth(0)).toContainText('Above 10 kΩ: C4');
    await expect(review.rows().nth(0)).toContainText('11 of 20: 55.0% (95% CI 31.5%–76.9%)');
    await expect(review.rows().nth(0)).toContainText('Not above chance (70.0%)');
    await expect(review.rows().nth(0)).toContainText('first calibration');
    await expect(review.rows().nth(1).getByTestId('flag-lost')).toHaveText('12 samples lost');
    await expect(review.rows().nth(2).getByTestId('flag-interrupted')).toHaveText('1 interrupted run');
    await expect(review.rows().nth(2)).toContainText('Not measured');
    await expect(review.rows().nth(4)).toContainText('17 of 20: 85.0%');
    await expect(review.rows().nth(4)).toContainText('Above chance (70.0%)');
    await expect(review.rows().nth(4)).toContainText('Automatic choice');
    await expect(review.rows().nth(4)).toContainText('82.5% (95% CI 67.2%–92.7%), 40 trials');
    await expect(page.getByTestId('review-table').locator('tbody tr[data-flagged="true"]')).toHaveCount(2);
  });

  await test.step('the chart is read session by session from the keyboard', async () => {
    await expect(review.chart().locator('canvas').first()).toBeVisible();
    await review.focusChartByKeyboard();
    await expect(review.chart()).toBeFocused();
    await expect(review.readout()).toHaveText('Sep 7, 2026, week 0; online 11 of 20 right (55.0%, 95% CI 31.5%–76.9%); chance level 70.0%; model cross-validated 65.0% (95% CI 48.3%–79.4%)');
    await page.keyboard.press('ArrowRight');
    await expect(review.readout()).toHaveText('Sep 14, 2026, week 1; online 25 of 40 right (62.5%, 95% CI 45.8%–77.3%); chance level 62.5%; model cross-validated 67.5% (95% CI 50.9%–81.4%)');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(review.readout()).toContainText('Oct 19, 2026, week 6; online 17 of 20 right (85.0%');
    await shot('01-review-en');
  });

  await test.step('in French: the verdict with decimal commas and the French percent spacing', async () => {
    await page.locator('#language-switch').selectOption('fr');
    await expect(review.heading()).toHaveText('Progression au fil des séances : REV-001');
    // vue-i18n formats percents with Intl: a narrow no-break space before % in Chromium's French.
    await expect(review.verdict()).toHaveText('La précision en ligne est passée de 56\u202f% à 85\u202f% en 6 semaines (cote ×1,28 par semaine, IC 95\u202f% 1,05–1,57, p = 0,014).');
    await expect(review.rows().nth(1).getByTestId('flag-lost')).toHaveText('12 échantillons perdus');
    await expect(review.rows().nth(0)).toContainText('Au-dessus de 10 kΩ : C4');
    // The readout follows the language at once, on the session it was reading (the last).
    await expect(review.readout()).toContainText('19 oct. 2026, semaine 6; en ligne 17 réussis sur 20 (85,0\u202f%, IC 95\u202f% 62,1\u202f%–96,8\u202f%)');
    await review.focusChartByKeyboard();
    await page.keyboard.press('ArrowUp');
    await expect(review.readout()).toContainText('5 oct. 2026, semaine 4; en ligne 31 réussis sur 40 (77,5\u202f%');
    await shot('02-review-fr');
    await page.locator('#language-switch').selectOption('en');
  });

  await test.step('the report exported from the page: a PDF in English, then an HTML file in French', async () => {
    await expect(review.exportPanel()).toContainText('Progress report');
    const pdfDownload = page.waitForEvent('download');
    await review.exportButton().click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toMatch(/^progress-report-REV-001-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdfBytes = readFileSync(await pdf.path());
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfBytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    await expect(review.exportPanel().getByRole('status')).toContainText(pdf.suggestedFilename());
    await review.exportPanel().getByRole('radio', { name: 'HTML (one file)' }).check();
    await review.exportPanel().getByRole('combobox').selectOption('fr');
    const htmlDownload = page.waitForEvent('download');
    await review.exportButton().click();
    const html = readFileSync(await (await htmlDownload).path(), 'utf8');
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('REV-001');
    expect(html).toContain('La précision en ligne est passée de 56');
    await review.exportPanel().scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('05-review-export-en.png') });
  });

  await test.step('the therapist records an FMA-UE score by keyboard, sees it, corrects it; the summary in English and French', async () => {
    await expect(review.assessments()).toContainText('No clinical assessment recorded yet.');
    // The form starts on the latest session; from its session select, Tab to the scale, Tab to the score.
    await review.assessmentSession().focus();
    await page.keyboard.press('Tab');
    await expect(review.assessmentScale()).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(review.assessmentScore()).toBeFocused();
    await page.keyboard.type('70');
    await page.keyboard.press('Enter');
    await expect(review.assessments().getByRole('alert')).toHaveText('An FMA-UE score is from 0 to 66.');
    await expect(review.assessmentScore()).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('13');
    await page.keyboard.press('Enter');
    await expect(review.assessmentStatus()).toHaveText('FMA-UE score 13 recorded for the session of Oct 19, 2026.');
    await expect(review.assessmentRows('fma-ue')).toHaveCount(1);
    await expect(review.assessmentRows('fma-ue').first()).toContainText('13 / 66');
    await expect(review.assessmentSummary('fma-ue')).toHaveText('FMA-UE: 13 on Oct 19, 2026 (week 6); one session assessed, no change yet.');

    // Correct the mistyped 13: Enter on its Correct button prefills the form and puts the focus on the score.
    await review.assessments().getByRole('button', { name: 'Correct the FMA-UE score 13 of Oct 19, 2026' }).focus();
    await page.keyboard.press('Enter');
    await expect(review.assessments().getByRole('heading', { name: 'Correct an assessment' })).toBeVisible();
    await expect(review.assessmentScore()).toBeFocused();
    await expect(review.assessmentScore()).toHaveValue('13');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('31');
    await page.keyboard.press('Enter');
    await expect(review.assessmentStatus()).toHaveText('FMA-UE score 31 recorded for the session of Oct 19, 2026.');
    await expect(review.assessmentRows('fma-ue')).toHaveCount(1);
    await expect(review.assessmentRows('fma-ue').first()).toContainText('31 / 66 corrected');

    // A first-week score: the change over the therapy and whether it reaches the MCID.
    await review.assessmentSession().selectOption({ label: 'Sep 7, 2026 (week 0)' });
    await review.assessmentScore().fill('22');
    await review.assessmentScore().press('Enter');
    await expect(review.assessmentRows('fma-ue')).toHaveCount(2);
    await expect(review.assessmentSummary('fma-ue')).toHaveText('FMA-UE: 22 at week 0, 31 at week 6 (2 sessions assessed): a change of +9 points, which reaches the minimal clinically important difference (4.25–7.25 points).');
    await review.assessments().scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('06-assessments-en.png') });

    await page.locator('#language-switch').selectOption('fr');
    await expect(review.assessmentSummary('fma-ue')).toHaveText('FMA-UE : 22 en semaine 0, 31 en semaine 6 (2 séances évaluées) : un changement de +9 points, qui atteint la différence minimale cliniquement importante (4,25–7,25 points).');
    await review.assessments().scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('07-assessments-fr.png') });
    await page.locator('#language-switch').selectOption('en');
  });

  await test.step('the record history: who did what, newest first; a session opened from it; "Show more" by keyboard; EN and FR', async () => {
    await review.history().scrollIntoViewIfNeeded();
    await expect(review.history().getByRole('heading', { level: 2 })).toHaveText('Record history');
    await expect(review.history()).toContainText('The log is append-only: no entry is ever changed or removed, and Settings > Integrity check verifies that none was.');
    // The seeded therapy's 37 entries and the three scores recorded above, newest first.
    await expect(review.historyRows()).toHaveCount(40);
    await expect(review.historyCount()).toHaveText('The latest 40 entries.');
    await expect(review.historyMore()).toHaveCount(0);
    await expect(review.historyRows().nth(0)).toContainText('NeuroFeat app');
    await expect(review.historyRows().nth(0)).toContainText('FMA-UE score 22 recorded (assessed on Sep 7, 2026).');
    await expect(review.historyRows().nth(1)).toContainText('FMA-UE score corrected to 31 (assessed on Oct 19, 2026); the earlier score stays in the record.');
    await expect(review.historyRows().nth(3)).toContainText('Oct 19, 2026');
    await expect(review.historyRows().nth(3)).toContainText('Impedance measured on 8 electrodes: all below 10 kΩ.');
    await expect(review.historyRows().filter({ hasText: 'Training attempt stored: Automatic choice, cross-validated accuracy 82.5%.' })).toHaveCount(1);
    await expect(review.historyRows().last()).toContainText('Sep 6, 2026');
    await expect(review.historyRows().last()).toContainText('Patient REV-001 created.');
    await expect(review.historyRows().last().getByRole('link')).toHaveCount(0);
    await review.history().getByRole('link', { name: `Open session ${seeded.sessionIds[4]}` }).first().focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/patients/${seeded.patientId}/sessions/${seeded.sessionIds[4]}/record$`));
    await page.goBack();

    // Twelve more impedance measurements, written through the storage functions: 52 entries, 50 shown until "Show more".
    const db = openDatabase(host.dataDir);
    try {
      for (let i = 0; i < 12; i++) {
        saveImpedanceMeasurement(db, {
          sessionId: seeded.sessionIds[0], device: 'cyton', measuredAt: '2026-09-07T09:01:00.000Z', thresholdKOhm: 10, go: false,
          channels: ['C3', 'C4'].map((label, channel) => ({ channel, label, kOhm: label === 'C4' ? 24.5 : 4.2, go: label !== 'C4' })),
        });
      }
    } finally {
      db.close();
    }
    await page.reload();
    await review.history().scrollIntoViewIfNeeded();
    await expect(review.historyRows()).toHaveCount(50);
    await expect(review.historyRows().nth(0)).toContainText('Impedance measured on 2 electrodes: some above 10 kΩ.');
    await review.historyMore().focus();
    await page.keyboard.press('Enter');
    await expect(review.historyRows()).toHaveCount(52);
    await expect(review.historyCount()).toHaveText('The latest 52 entries.');
    await expect(review.historyMore()).toHaveCount(0);
    await expect(review.historyRows().last()).toContainText('Patient REV-001 created.');
    await review.history().evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: testInfo.outputPath('08-history-en.png') });

    await page.locator('#language-switch').selectOption('fr');
    await expect(review.history().getByRole('heading', { level: 2 })).toHaveText('Historique du dossier');
    await expect(review.historyRows().nth(0)).toContainText('Application NeuroFeat');
    await expect(review.historyRows().nth(0)).toContainText('Impédance mesurée sur 2 électrodes : certaines au-dessus de 10 kΩ.');
    await expect(review.historyRows().filter({ hasText: 'Score FMA-UE corrigé en 31 (évalué le 19 oct. 2026) ; le score précédent reste dans le dossier.' })).toHaveCount(1);
    await expect(review.historyRows().last()).toContainText('Patient REV-001 créé.');
    await expect(review.historyCount()).toHaveText('Les 52 dernières entrées.');
    await review.history().evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: testInfo.outputPath('09-history-fr.png') });
    await page.locator('#language-switch').selectOption('en');
  });

  await test.step('Open goes to the session; back to the patient; an unknown patient has its own message', async () => {
    await review.openButtons().nth(4).click();
    await expect(page).toHaveURL(new RegExp(`#/patients/${seeded.patientId}/sessions/${seeded.sessionIds[4]}/record$`));
    await page.goBack();
    await expect(review.verdict()).toBeVisible();
    await review.backLink().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Patient REV-001' })).toBeVisible();
    await page.goto(`${host.url}#/patients/9999/review`);
    await expect(review.unknown()).toHaveText('There is no patient with number 9999.');
    await expect(page.getByRole('alert').filter({ hasText: 'That did not work' })).toHaveCount(0);
    await shot('04-review-unknown-en');
  });

  await test.step('a patient without sessions has a plain message, and no chart', async () => {
    await page.goto(host.url);
    await patients.createPatient({ code: 'REV-002' });
    await patients.openPatient('REV-002');
    await review.openFromPatient();
    await expect(review.noSessions()).toHaveText('Patient REV-002 has no sessions yet. Progress is shown here once sessions are recorded.');
    await expect(review.chart()).toHaveCount(0);
    await shot('03-review-no-sessions-en');
  });
  expect(consoleProblems).toEqual([]);
});
