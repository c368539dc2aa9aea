// A patient's progress report as a file: the review built into the report's content, rendered as HTML or PDF.
import type { PatientReview, ReportFormat, ReportLanguage } from '../../contract/api.ts';
import { reportHtml } from './report-html.ts';
import { buildReport, type ReportProvenance } from './report-model.ts';
import { reportPdf } from './report-pdf.ts';

export const reportMimeTypes: Record<ReportFormat, string> = { html: 'text/html; charset=utf-8', pdf: 'application/pdf' };

export interface ReportFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** The file name a report is offered under: the patient's code (letters, digits, dot, dash and underscore kept) and the day it was made. */
export function reportFileName(code: string, generatedAt: string, format: ReportFormat): string {
  const safe = code.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '') || 'patient';
  return `progress-report-${safe}-${generatedAt.slice(0, 10)}.${format}`;
}

export function renderReport(review: PatientReview, format: ReportFormat, lang: ReportLanguage, provenance: ReportProvenance): ReportFile {
  const content = buildReport(review, lang, provenance);
  const bytes = format === 'html' ? new TextEncoder().encode(reportHtml(content)) : reportPdf(content, `NeuroFeat ${provenance.version}`, new Date(review.generatedAt));
  return { fileName: reportFileName(review.patient.code, review.generatedAt, format), mimeType: reportMimeTypes[format], bytes };
}
