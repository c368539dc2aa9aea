// The progress report as an A4 PDF: the same content as the HTML, laid out top to bottom with page breaks, the chart as vector paths.
import { PdfDocument, type PdfPage } from '../../core/formats/pdf/pdf-document.ts';
import { textWidth, wrapText, type PdfFontName } from '../../core/formats/pdf/win-ansi.ts';
import type { Drawing } from './report-chart.ts';
import type { ReportContent } from './report-model.ts';

const margin = { left: 50, right: 50, top: 56, bottom: 60 };
const grey = [85, 85, 85] as const;
const rule = [153, 153, 153] as const;

/** A cursor down the pages: starts a new page when what comes next does not fit. */
class Flow {
  readonly doc = new PdfDocument();
  page: PdfPage;
  y = margin.top;

  constructor() {
    this.page = this.doc.addPage();
  }

  get width(): number {
    return this.page.width - margin.left - margin.right;
  }

  /** Makes room for `height` points, on a new page if needed. */
  need(height: number): void {
    if (this.y + height <= this.page.height - margin.bottom) return;
    this.page = this.doc.addPage();
    this.y = margin.top;
  }

  paragraph(text: string, size: number, font: PdfFontName = 'Helvetica', gapAfter = 4, colour: readonly [number, number, number] = [26, 26, 26]): void {
    const leading = size * 1.35;
    for (const line of wrapText(text, font, size, this.width)) {
      this.need(leading);
      this.y += leading;
      this.page.text(margin.left, this.y - leading * 0.25, line, { font, size, colour });
    }
    this.y += gapAfter;
  }

  heading(text: string): void {
    // A heading keeps at least three lines of what follows with it.
    this.need(14 + 36);
    this.y += 14;
    this.page.text(margin.left, this.y, text, { font: 'Helvetica-Bold', size: 12 });
    this.y += 4;
    this.page.line(margin.left, this.y, margin.left + this.width, this.y, { colour: rule, width: 0.5 });
    this.y += 4;
  }
}

function drawPatient(flow: Flow, rows: [string, string][]): void {
  const labelWidth = Math.max(...rows.map(([label]) => textWidth(label, 'Helvetica', 10))) + 14;
  for (const [label, value] of rows) {
    const lines = wrapText(value, 'Helvetica', 10, flow.width - labelWidth);
    flow.need(13.5 * lines.length);
    lines.forEach((line, i) => {
      flow.y += 13.5;
      if (i === 0) flow.page.text(margin.left, flow.y - 3, label, { size: 10, colour: grey });
      flow.page.text(margin.left + labelWidth, flow.y - 3, line, { size: 10 });
    });
  }
}

function drawChart(flow: Flow, drawing: Drawing): void {
  flow.need(drawing.height + 6);
  const ox = margin.left;
  const oy = flow.y + 4;
  const page = flow.page;
  for (const s of drawing.shapes) {
    switch (s.kind) {
      case 'line':
        page.polyline(s.points.map(([x, y]) => [ox + x, oy + y] as const), { colour: s.colour, width: s.width, dash: s.dash });
        break;
      case 'rect':
        page.rect(ox + s.x, oy + s.y, s.width, s.height, s.fill, s.stroke ? { colour: s.stroke } : null);
        break;
      case 'circle':
        page.circle(ox + s.x, oy + s.y, s.r, s.fill);
        break;
      case 'polygon':
        page.polygon(s.points.map(([x, y]) => [ox + x, oy + y] as const), s.fill);
        break;
      case 'text': {
        const font: PdfFontName = s.bold ? 'Helvetica-Bold' : 'Helvetica';
        const w = textWidth(s.text, font, s.size);
        const x = s.anchor === 'start' ? s.x : s.anchor === 'middle' ? s.x - w / 2 : s.x - w;
        page.text(ox + x, oy + s.y, s.text, { font, size: s.size, colour: s.colour });
        break;
      }
    }
  }
  flow.y = oy + drawing.height + 2;
}

/** The sessions' table: cells wrap within their column, numbers right-aligned, the header repeated on every page. */
function drawTable(flow: Flow, table: ReportContent['sessions']): void {
  const size = 7.5;
  const leading = 9.5;
  const pad = 3;
  const cellLines = (cells: string[], font: PdfFontName) => cells.map((cell, i) => wrapText(cell, font, size, table.columns[i].width - 2 * pad));
  const drawRow = (lines: string[][], font: PdfFontName, ruleWidth: number) => {
    const height = Math.max(...lines.map((l) => l.length)) * leading + 4;
    let x = margin.left;
    lines.forEach((cell, i) => {
      const column = table.columns[i];
      cell.forEach((line, k) => {
        const w = textWidth(line, font, size);
        const tx = column.align === 'right' ? x + column.width - pad - w : x + pad;
        flow.page.text(tx, flow.y + 2 + (k + 1) * leading - 2.5, line, { font, size });
      });
      x += column.width;
    });
    flow.y += height;
    flow.page.line(margin.left, flow.y, x, flow.y, { colour: ruleWidth > 0.6 ? [85, 85, 85] : [204, 204, 204], width: ruleWidth });
  };
  const header = cellLines(table.columns.map((c) => c.label), 'Helvetica-Bold');
  const headerHeight = Math.max(...header.map((l) => l.length)) * leading + 4;
  flow.need(headerHeight + leading * 2 + 4);
  drawRow(header, 'Helvetica-Bold', 0.9);
  for (const row of table.rows) {
    const lines = cellLines(row, 'Helvetica');
    const height = Math.max(...lines.map((l) => l.length)) * leading + 4;
    if (flow.y + height > flow.page.height - margin.bottom) {
      flow.need(Infinity);
      drawRow(header, 'Helvetica-Bold', 0.9);
    }
    drawRow(lines, 'Helvetica', 0.4);
  }
}

/** The report as PDF bytes; `producer` names the software (NeuroFeat and its version). */
export function reportPdf(report: ReportContent, producer: string, createdAt: Date): Uint8Array {
  const flow = new Flow();
  flow.paragraph(report.title, 17, 'Helvetica-Bold', 2);
  flow.paragraph(report.subtitle, 10, 'Helvetica', 4, grey);
  flow.heading(report.patient.heading);
  drawPatient(flow, report.patient.rows);
  flow.heading(report.verdict.heading);
  flow.paragraph(report.verdict.sentence, 10.5, 'Helvetica-Bold', 2);
  if (report.verdict.basis) flow.paragraph(report.verdict.basis, 9.5, 'Helvetica', 2, grey);
  flow.heading(report.chart.heading);
  drawChart(flow, report.chart.drawing);
  flow.heading(report.sessions.heading);
  if (report.sessions.empty !== null) flow.paragraph(report.sessions.empty, 10);
  else drawTable(flow, report.sessions);
  flow.heading(report.assessments.heading);
  if (report.assessments.empty !== null) flow.paragraph(report.assessments.empty, 10);
  for (const sentence of report.assessments.sentences) flow.paragraph(sentence, 10, 'Helvetica-Bold', 3);
  flow.paragraph(report.assessments.note, 8.5, 'Helvetica', 2, grey);
  if (report.sessionNotes.notes.length > 0) {
    flow.heading(report.sessionNotes.heading);
    for (const [label, text] of report.sessionNotes.notes) {
      flow.paragraph(label, 9.5, 'Helvetica-Bold', 0);
      flow.paragraph(text, 9.5, 'Helvetica', 3);
    }
  }
  flow.heading(report.method.heading);
  for (const paragraph of report.method.paragraphs) flow.paragraph(paragraph, 9.5, 'Helvetica', 4);
  flow.y += 6;
  flow.paragraph(report.provenance, 8.5, 'Helvetica', 0, grey);
  // Footers once the page count is known.
  const count = flow.doc.pages.length;
  flow.doc.pages.forEach((page, i) => {
    const label = report.page(i + 1, count);
    page.line(margin.left, page.height - margin.bottom + 18, page.width - margin.right, page.height - margin.bottom + 18, { colour: [204, 204, 204], width: 0.5 });
    page.text(margin.left, page.height - margin.bottom + 30, report.title, { size: 8, colour: grey });
    page.text(page.width - margin.right - textWidth(label, 'Helvetica', 8), page.height - margin.bottom + 30, label, { size: 8, colour: grey });
  });
  return flow.doc.toBytes({ title: report.title, producer, createdAt });
}
