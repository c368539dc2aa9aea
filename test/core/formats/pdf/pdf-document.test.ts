// The PDF writer: byte-exact cross-reference offsets and stream lengths, WinAnsi text with stand-ins, AFM widths, wrapping.
import { describe, expect, it } from 'vitest';
import { a4, PdfDocument } from '../../../../src-main/core/formats/pdf/pdf-document.ts';
import { helveticaBoldWidths, helveticaWidths } from '../../../../src-main/core/formats/pdf/helvetica-metrics.ts';
import { encodeWinAnsi, textWidth, wrapText } from '../../../../src-main/core/formats/pdf/win-ansi.ts';

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

function sampleDocument(): string {
  const doc = new PdfDocument();
  const first = doc.addPage();
  first.text(50, 60, 'Précision (en ligne) \\ 85 %', { font: 'Helvetica-Bold', size: 12, colour: [31, 78, 154] });
  first.line(50, 70, 300, 70, { dash: [2, 1.5], width: 0.5 });
  first.rect(50, 80, 100, 20, [200, 200, 200], { colour: [0, 0, 0] });
  first.circle(60, 120, 3, [31, 78, 154]);
  first.polygon([[70, 117], [73, 120], [70, 123], [67, 120]], [204, 102, 0]);
  doc.addPage().text(50, 60, 'page two');
  return latin1(doc.toBytes({ title: 'Rapport d’évolution', producer: 'NeuroFeat test', createdAt: new Date('2026-11-30T12:00:00Z') }));
}

describe('PDF writer', () => {
  it('writes a PDF 1.4 file whose cross-reference offsets point at each object and startxref at the table', () => {
    const pdf = sampleDocument();
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 5)).toBe('xref\n');
    const table = /^xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(pdf.slice(startxref));
    expect(table).not.toBeNull();
    const count = Number(table?.[1]);
    const entries = (table?.[2] ?? '').match(/.{20}/gs) ?? [];
    expect(entries).toHaveLength(count);
    expect(entries[0]).toBe('0000000000 65535 f \n');
    // 5 fixed objects (catalog, pages, two fonts, info) and a page and its content per page.
    expect(count).toBe(1 + 5 + 2 * 2);
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n \n$/);
      const offset = Number(entry.slice(0, 10));
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    expect(pdf).toContain(`/Size ${count} /Root 1 0 R /Info 5 0 R`);
    expect(pdf).toContain('/Count 2');
  });

  it('gives every content stream its exact length, A4 pages and the two standard fonts in WinAnsiEncoding', () => {
    const pdf = sampleDocument();
    const streams = [...pdf.matchAll(/<< \/Length (\d+) >>\nstream\n/g)];
    expect(streams).toHaveLength(2);
    for (const match of streams) {
      const start = (match.index ?? 0) + match[0].length;
      expect(pdf.slice(start + Number(match[1]), start + Number(match[1]) + 'endstream'.length + 1)).toBe('\nendstream');
    }
    expect(pdf).toContain(`/MediaBox [0 0 ${a4.width} ${a4.height}]`);
    expect(pdf).toContain('/BaseFont /Helvetica /Encoding /WinAnsiEncoding');
    expect(pdf).toContain('/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding');
    expect(pdf).toContain('/CreationDate (D:20261130120000Z)');
  });

  it('writes text as escaped WinAnsi strings and paths with PDF\'s bottom-left origin', () => {
    const pdf = sampleDocument();
    // é is 0xE9 (octal 351); parentheses and the backslash are escaped.
    expect(pdf).toContain('(Pr\\351cision \\(en ligne\\) \\\\ 85 %) Tj');
    expect(pdf).toContain('/F2 12 Tf 0.12 0.31 0.6 rg 50 781.89 Td');
    expect(pdf).toContain('[2 1.5] 0 d 50 771.89 m 300 771.89 l S');
    expect(pdf).toContain('50 741.89 100 20 re B');
    expect(pdf).toMatch(/ c h f Q/);
    expect(pdf).toContain('(page two) Tj');
    // The title in UTF-16BE: the apostrophe U+2019 and é survive.
    expect(pdf).toContain('/Title <FEFF0052006100700070006F0072007400200064201900E9');
  });

  it('refuses an empty document and numbers that are not finite', () => {
    expect(() => new PdfDocument().toBytes({ title: 't', producer: 'p', createdAt: new Date(0) })).toThrow(/at least one page/);
    const doc = new PdfDocument();
    expect(() => doc.addPage().line(0, 0, Number.NaN, 1)).toThrow(/not a finite number/);
  });
});

describe('WinAnsi text and Helvetica metrics', () => {
  it('encodes French accents, the euro, dashes and typographic quotes, and stands in for what WinAnsi lacks', () => {
    expect(encodeWinAnsi('éèàçœ€–’')).toEqual([0xe9, 0xe8, 0xe0, 0xe7, 0x9c, 0x80, 0x96, 0x92]);
    expect(encodeWinAnsi('≥ 10 kΩ')).toEqual([...'>= 10 kOhm'].map((c) => c.charCodeAt(0)));
    expect(encodeWinAnsi('95\u202f%')).toEqual([0x39, 0x35, 0xa0, 0x25]);
    expect(encodeWinAnsi('中\t')).toEqual([0x3f, 0x20]);
  });

  it('measures with the AFM widths: Helvetica "Hello" is 2278/1000 em, Bold "W" 944, é as e', () => {
    expect(textWidth('Hello', 'Helvetica', 10)).toBeCloseTo(22.78, 10);
    expect(textWidth('W', 'Helvetica-Bold', 1000)).toBe(944);
    expect(textWidth('é', 'Helvetica', 1000)).toBe(textWidth('e', 'Helvetica', 1000));
    expect(textWidth('1234567890', 'Helvetica', 1)).toBeCloseTo(5.56, 10);
    expect(helveticaWidths).toHaveLength(224);
    expect(helveticaBoldWidths).toHaveLength(224);
  });

  it('wraps at spaces within the width, and cuts a word longer than the line', () => {
    const text = 'Online accuracy rose from 56% to 84% over 6 weeks (odds ×1.25 per week, 95% CI 1.08–1.44, p = 0.003).';
    const lines = wrapText(text, 'Helvetica', 10, 200);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line, 'Helvetica', 10)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(text);
    const long = wrapText('x'.repeat(100), 'Helvetica', 10, 50);
    expect(long.join('')).toBe('x'.repeat(100));
    for (const line of long) expect(textWidth(line, 'Helvetica', 10)).toBeLessThanOrEqual(50);
    expect(wrapText('a\nb', 'Helvetica', 10, 500)).toEqual(['a', 'b']);
  });
});
