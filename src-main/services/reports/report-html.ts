// The progress report as one self-contained HTML file: inline CSS for screen and A4 print, the chart as inline SVG, no script, every text escaped.
import type { Drawing, Rgb, Shape } from './report-chart.ts';
import type { ReportContent } from './report-model.ts';

/** Text for HTML content and attribute values: the five characters HTML gives a meaning. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

const rgb = (c: Rgb) => `rgb(${c[0]},${c[1]},${c[2]})`;
const n = (value: number) => String(Math.round(value * 100) / 100);
const points = (list: readonly (readonly [number, number])[]) => list.map(([x, y]) => `${n(x)},${n(y)}`).join(' ');

function svgShape(shape: Shape): string {
  switch (shape.kind) {
    case 'line':
      return `<polyline points="${points(shape.points)}" fill="none" stroke="${rgb(shape.colour)}" stroke-width="${n(shape.width)}"${shape.dash ? ` stroke-dasharray="${shape.dash.map(n).join(' ')}"` : ''}/>`;
    case 'rect':
      return `<rect x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.width)}" height="${n(shape.height)}" fill="${shape.fill ? rgb(shape.fill) : 'none'}"${shape.stroke ? ` stroke="${rgb(shape.stroke)}"` : ''}/>`;
    case 'circle':
      return `<circle cx="${n(shape.x)}" cy="${n(shape.y)}" r="${n(shape.r)}" fill="${rgb(shape.fill)}"/>`;
    case 'polygon':
      return `<polygon points="${points(shape.points)}" fill="${rgb(shape.fill)}"/>`;
    case 'text':
      return `<text x="${n(shape.x)}" y="${n(shape.y)}" font-size="${n(shape.size)}"${shape.bold ? ' font-weight="bold"' : ''} text-anchor="${shape.anchor}" fill="${rgb(shape.colour)}">${escapeHtml(shape.text)}</text>`;
  }
}

/** The drawing as an inline SVG element, scaled to its container's width. */
export function drawingSvg(drawing: Drawing, description: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${drawing.width} ${drawing.height}" role="img" aria-label="${escapeHtml(description)}" font-family="Helvetica, Arial, sans-serif">\n`
    + drawing.shapes.map(svgShape).join('\n') + '\n</svg>';
}

const style = `
:root { color: #1a1a1a; font-family: Helvetica, Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; }
body { max-width: 180mm; margin: 12mm auto; padding: 0 6mm; }
h1 { font-size: 17pt; margin: 0 0 2pt; }
h2 { font-size: 12pt; margin: 16pt 0 6pt; border-bottom: 0.5pt solid #999; padding-bottom: 2pt; }
.subtitle { color: #444; margin: 0 0 10pt; }
dl.patient { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 14pt; margin: 0; }
dl.patient dt { color: #444; }
dl.patient dd { margin: 0; white-space: pre-wrap; }
.verdict { font-weight: bold; margin: 0 0 3pt; }
.basis { color: #444; margin: 0; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
table.sessions { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
table.sessions th, table.sessions td { padding: 2pt 4pt; border-bottom: 0.5pt solid #ccc; vertical-align: top; }
table.sessions th { text-align: left; border-bottom: 1pt solid #555; }
table.sessions .num { text-align: right; font-variant-numeric: tabular-nums; }
table.sessions td.num { white-space: nowrap; }
.notes dt { font-weight: bold; }
.notes dd { margin: 0 0 4pt; white-space: pre-wrap; }
.method p { margin: 0 0 5pt; }
.assessments p { margin: 0 0 4pt; }
.assessments .assessment { font-weight: bold; }
footer { margin-top: 14pt; color: #555; font-size: 8.5pt; overflow-wrap: anywhere; }
@page { size: A4; margin: 16mm 15mm; }
@media print {
  :root { font-size: 10pt; }
  body { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; }
  figure, tr, .verdict { break-inside: avoid; }
  thead { display: table-header-group; }
}
`;

/** The report as an HTML document (UTF-8). */
export function reportHtml(report: ReportContent): string {
  const e = escapeHtml;
  const { sessions } = report;
  const table = sessions.empty !== null ? `<p>${e(sessions.empty)}</p>` : [
    '<table class="sessions">',
    '<thead><tr>' + sessions.columns.map((c) => `<th${c.align === 'right' ? ' class="num"' : ''} scope="col">${e(c.label).replace(/\n/g, '<br>')}</th>`).join('') + '</tr></thead>',
    '<tbody>',
    ...sessions.rows.map((row) => '<tr>' + row.map((cell, i) => `<td${sessions.columns[i].align === 'right' ? ' class="num"' : ''}>${e(cell)}</td>`).join('') + '</tr>'),
    '</tbody>',
    '</table>',
  ].join('\n');
  const notes = report.sessionNotes.notes.length === 0 ? '' : [
    `<section class="notes"><h2>${e(report.sessionNotes.heading)}</h2><dl>`,
    ...report.sessionNotes.notes.map(([label, text]) => `<dt>${e(label)}</dt><dd>${e(text)}</dd>`),
    '</dl></section>',
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${report.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Nothing but the inline style may load or run, whatever a note contains.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(report.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${e(report.title)}</h1><p class="subtitle">${e(report.subtitle)}</p></header>`,
    `<section><h2>${e(report.patient.heading)}</h2><dl class="patient">`,
    ...report.patient.rows.map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`),
    '</dl></section>',
    `<section><h2>${e(report.verdict.heading)}</h2><p class="verdict">${e(report.verdict.sentence)}</p>`
      + (report.verdict.basis ? `<p class="basis">${e(report.verdict.basis)}</p>` : '') + '</section>',
    `<section><h2>${e(report.chart.heading)}</h2><figure>${drawingSvg(report.chart.drawing, report.chart.description)}</figure></section>`,
    `<section><h2>${e(sessions.heading)}</h2>`,
    table,
    '</section>',
    `<section class="assessments"><h2>${e(report.assessments.heading)}</h2>`,
    ...(report.assessments.empty !== null ? [`<p>${e(report.assessments.empty)}</p>`] : report.assessments.sentences.map((sentence) => `<p class="assessment">${e(sentence)}</p>`)),
    `<p class="basis">${e(report.assessments.note)}</p>`,
    '</section>',
    notes,
    `<section class="method"><h2>${e(report.method.heading)}</h2>`,
    ...report.method.paragraphs.map((p) => `<p>${e(p)}</p>`),
    '</section>',
    `<footer>${e(report.provenance)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
