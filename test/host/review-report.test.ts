// `review.report` through the headless host: the report file in base64 (PDF and HTML, EN and FR) and every bad input refused with a reason.
import { describe, expect, it } from 'vitest';
import type { ReportExport } from '../../src-main/contract/api.ts';
import { openDatabase } from '../../src-main/services/storage/database.ts';
import { softwareVersion } from '../../src-main/services/version.ts';
import { callValue, refusalOf } from '../support/host-client.ts';
import { useTestHost } from '../support/test-host.ts';
import { seedTherapyHistory } from '../../src-main/cli/bench/therapy-history.ts';

let patientId: number;

const test = useTestHost('host-report', {
  prepare: (dataDir) => {
    const db = openDatabase(dataDir);
    patientId = seedTherapyHistory(db, 'HOST-REP').patientId;
    db.close();
  },
});

describe('review.report', () => {
  it('gives the PDF as base64 with its file name and MIME type', async () => {
    const report = await callValue<ReportExport>(test.client, 'review.report', { patientId, format: 'pdf', lang: 'en' });
    expect(report.mimeType).toBe('application/pdf');
    expect(report.fileName).toMatch(/^progress-report-HOST-REP-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = Buffer.from(report.base64, 'base64');
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(bytes.toString('latin1')).toContain(`NeuroFeat ${softwareVersion()}`);
  });

  it('gives the HTML in the language asked, naming the host\'s data folder', async () => {
    const report = await callValue<ReportExport>(test.client, 'review.report', { patientId, format: 'html', lang: 'fr' });
    expect(report.mimeType).toBe('text/html; charset=utf-8');
    expect(report.fileName).toMatch(/\.html$/);
    const html = Buffer.from(report.base64, 'base64').toString('utf8');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('patient HOST-REP');
    expect(html).toContain(test.dataDir);
  });

  it('refuses bad input naming the field, and an unknown patient as not-found', async () => {
    const invalid: [unknown, string][] = [
      [{ patientId, format: 'docx', lang: 'en' }, 'format'],
      [{ patientId, format: 'pdf', lang: 'de' }, 'lang'],
      [{ patientId: 0, format: 'pdf', lang: 'en' }, 'patientId'],
      [{ patientId: 'one', format: 'pdf', lang: 'en' }, 'patientId'],
      [{ patientId, lang: 'en' }, 'format'],
      [{ patientId, format: 'pdf', lang: 'en', out: '/tmp/x.pdf' }, 'out'],
    ];
    for (const [params, field] of invalid) {
      const error = await refusalOf(test.client.call('review.report', params));
      expect(error.code, JSON.stringify(params)).toBe('invalid-payload');
      expect(error.message, JSON.stringify(params)).toContain(field);
      expect(error.detail, JSON.stringify(params)).toMatchObject({ reason: 'invalid-field', params: { field: expect.stringContaining(field) } });
    }
    const missing = await refusalOf(test.client.call('review.report', { patientId: 9999, format: 'html', lang: 'en' }));
    expect(missing.code).toBe('not-found');
    expect(missing.detail).toMatchObject({ reason: 'missing', params: { thing: 'patient', id: '9999' } });
  });
});
