// The PDF report against Debian's tools: qpdf finds no structural error, and pdftotext gives back the code, the verdict and every session's figures, in EN and FR.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { patientReview } from '../../../src-main/services/review/patient-review.ts';
import { renderReport } from '../../../src-main/services/reports/report-file.ts';
import { buildReport } from '../../../src-main/services/reports/report-model.ts';
import type { ReportLanguage } from '../../../src-main/contract/api.ts';
import { pdfToolsMissing } from '../../support/prerequisites.ts';
import { assessedHistory, longHistory, seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-report-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const provenance = { version: '1.2.3', dataDir: dir };

/** Writes the PDF and returns what qpdf says and pdftotext's layout text. */
function checked(bytes: Uint8Array, name: string): { qpdf: string; text: string; pages: number } {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const qpdf = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { qpdf, text, pages };
}

/** pdftotext writes the no-break space as a plain space and spreads table cells out: compare on single spaces. */
const squeeze = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ');

describe.skipIf(pdfToolsMissing)('report: PDF checked with qpdf and pdftotext', () => {
  const db = openDatabase(path.join(dir, 'data'));
  const { patientId } = seedTherapyHistory(db, 'PDF-001', assessedHistory);
  const review = patientReview(db, patientId, new Date('2026-11-30T12:00:00Z'));

  for (const lang of ['en', 'fr'] as ReportLanguage[]) {
    it(`${lang}: passes qpdf --check; the code, the verdict and each session's figures come back (accents intact)`, () => {
      const file = renderReport(review, 'pdf', lang, provenance);
      expect(file.mimeType).toBe('application/pdf');
      const { qpdf, text } = checked(file.bytes, `report-${lang}.pdf`);
      expect(qpdf).toContain('No syntax or stream encoding errors found');
      const flat = squeeze(text);
      const content = buildReport(review, lang, provenance);
      expect(flat).toContain('PDF-001');
      expect(flat).toContain(squeeze(content.title));
      // The verdict may wrap: compare it with the line breaks as spaces.
      expect(flat.replace(/\s+/g, ' ')).toContain(squeeze(content.verdict.sentence).replace(/\s+/g, ' '));
      for (const row of content.sessions.rows) {
        // The table's row line: session number, date, week, then the figures in order (wrapped cells give their first line).
        const line = flat.split('\n').find((l) => l.trimStart().startsWith(`${row[0]} ${row[1]}`));
        expect(line, `row of session ${row[0]}`).toBeDefined();
        for (const figure of [row[5], row[6], row[7], row[8]]) expect(line).toContain(squeeze(figure));
      }
      // The clinical assessments: each scale's sentence (wrapped over lines), the FMA-UE one with its scores, change and MCID.
      expect(content.assessments.sentences).toHaveLength(2);
      for (const sentence of content.assessments.sentences) expect(flat.replace(/\s+/g, ' ')).toContain(squeeze(sentence).replace(/\s+/g, ' ').replace(/\u2212/g, '-'));
      const fmaLine = flat.split('\n').find((l) => l.trimStart().startsWith('FMA-UE (0'));
      expect(fmaLine).toMatch(lang === 'fr' ? /^\s*FMA-UE \(0–66\) : 22 en semaine 0 \(07\/09\/2026\), 31 en semaine 6/ : /^\s*FMA-UE \(0–66\): 22 at week 0 \(2026-09-07\), 31 at week 6/);
      if (lang === 'fr') {
        for (const word of ['Rapport d’évolution', 'Côté de la lésion', 'Séances', 'Précision au fil des semaines', 'Généré le 30/11/2026']) expect(flat).toContain(word);
        // ≤ and Ω are not in WinAnsi: written as <= and Ohm.
        expect(flat).toContain('toutes <= 10 kOhm');
      } else {
        expect(flat).toContain('all <= 10 kOhm');
        expect(flat).toContain('Generated 2026-11-30 12:00 UTC by NeuroFeat 1.2.3');
      }
    });
  }

  it('40 sessions: the table continues over pages with its header repeated, every session\'s figures present', () => {
    const long = seedTherapyHistory(db, 'PDF-040', longHistory(40));
    const longReview = patientReview(db, long.patientId, new Date('2026-11-30T12:00:00Z'));
    const content = buildReport(longReview, 'en', provenance);
    const { qpdf, text, pages } = checked(renderReport(longReview, 'pdf', 'en', provenance).bytes, 'report-40.pdf');
    expect(qpdf).toContain('No syntax or stream encoding errors found');
    expect(pages).toBeGreaterThanOrEqual(3);
    const flat = squeeze(text);
    expect(flat.match(/Page \d of \d/g)).toHaveLength(pages);
    // The header's first line ("# Date Week Runs ... ") on the table's first page and each page it continues on.
    expect((flat.match(/# Date Week Runs/g) ?? []).length).toBeGreaterThanOrEqual(2);
    for (const row of content.sessions.rows) {
      const line = flat.split('\n').find((l) => l.trimStart().startsWith(`${row[0]} ${row[1]}`));
      expect(line, `row of session ${row[0]}`).toBeDefined();
      for (const figure of [row[6], row[7]]) expect(line).toContain(figure);
    }
  });
});
