// `neurofeat review` in this process: the review as JSON equals the API's, the text table in English and French, and every bad input named.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { patientReview } from '../../../src-main/services/review/patient-review.ts';
import { assessedHistory, seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';

const folders: string[] = [];
function seededFolder(): { dataDir: string; patientId: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-review-cli-'));
  folders.push(dir);
  const db = openDatabase(dir);
  const { patientId } = seedTherapyHistory(db, 'REV-001', assessedHistory);
  db.close();
  return { dataDir: dir, patientId };
}
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('neurofeat review', () => {
  it('--json prints the review the API gives (the code matched without regard to case)', async () => {
    const { dataDir, patientId } = seededFolder();
    const result = await runCli(['review', '--patient', 'rev-001', '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.out);
    const db = openDatabase(dataDir);
    const direct = patientReview(db, patientId);
    db.close();
    expect({ ...printed, generatedAt: '' }).toEqual({ ...JSON.parse(JSON.stringify(direct)), generatedAt: '' });
    expect(printed.sessions).toHaveLength(5);
  });

  it('prints the verdict, one row per session and the assessments, in English and in French', async () => {
    const { dataDir } = seededFolder();
    const en = await runCli(['review', '--patient', 'REV-001', '--data-dir', dataDir]);
    expect(en.code).toBe(0);
    expect(en.out).toContain('Online accuracy rose from 56% to 85% over 6 weeks (odds ×1.28 per week, 95% CI 1.05–1.57, p = 0.014).');
    const rows = en.out.split('\n').filter((line) => /^\s*\d+\s+2026-/.test(line));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/2026-09-07\s+0\s+2\/1\s+C4 > 10 kΩ/);
    expect(rows[4]).toMatch(/17\/20\s+85% \(62–97%\)\s+70%\s+yes$/);
    expect(en.out).toContain('FMA-UE');
    const fr = await runCli(['review', '--patient', 'REV-001', '--data-dir', dataDir, '--lang', 'fr']);
    expect(fr.out).toContain('La précision en ligne est passée de 56\u00a0% à 85\u00a0%');
    expect(fr.out).toMatch(/07\/09\/2026\s+0\s+2\/1/);
  });

  it('names a missing or unknown patient, a bad language and a folder without a database, and creates nothing', async () => {
    const { dataDir } = seededFolder();
    const cases: [string[], RegExp][] = [
      [['review', '--data-dir', dataDir], /--patient: expected the patient's code/],
      [['review', '--patient', 'NOPE', '--data-dir', dataDir], /--patient: there is no patient with code 'NOPE' in /],
      [['review', '--patient', 'REV-001', '--lang', 'de', '--data-dir', dataDir], /--lang: expected en or fr, got 'de'/],
      [['review', '--patient', 'REV-001', 'extra', '--data-dir', dataDir], /unexpected argument 'extra'/],
    ];
    for (const [argv, reason] of cases) {
      const result = await runCli(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toMatch(reason);
    }
    const nowhere = path.join(dataDir, 'not-a-data-folder');
    const missing = await runCli(['review', '--patient', 'REV-001', '--data-dir', nowhere]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--data-dir: there is no NeuroFeat database in ${nowhere}`);
    expect(existsSync(nowhere)).toBe(false);
  });
});
