// A small PDF 1.4 writer: A4 pages of text in the standard Helvetica fonts, lines, rectangles and filled shapes, with a correct cross-reference table.
import { encodeWinAnsi, type PdfFontName } from './win-ansi.ts';

/** A4 in points (1/72 inch). */
export const a4 = { width: 595.28, height: 841.89 } as const;

/** A colour as red, green, blue from 0 to 255. */
export type Rgb = readonly [number, number, number];

export interface StrokeStyle {
  colour?: Rgb;
  /** Line width in points (1 when absent). */
  width?: number;
  /** Dash and gap lengths in points; a solid line when absent. */
  dash?: readonly number[];
}

export interface TextStyle {
  font?: PdfFontName;
  size?: number;
  colour?: Rgb;
}

/** Document information: shown by viewers, and the date it was made. */
export interface PdfInfo {
  title: string;
  author?: string;
  producer: string;
  createdAt: Date;
}

const fontResource: Record<PdfFontName, string> = { Helvetica: 'F1', 'Helvetica-Bold': 'F2' };

const num = (value: number): string => {
  if (!Number.isFinite(value)) throw new Error(`pdf: not a finite number: ${value}`);
  const text = value.toFixed(2).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
};
const colourOp = (rgb: Rgb, op: 'RG' | 'rg') => `${num(rgb[0] / 255)} ${num(rgb[1] / 255)} ${num(rgb[2] / 255)} ${op}`;

/** A PDF literal string of WinAnsi bytes: parentheses and backslashes escaped, bytes outside printable ASCII in octal. */
function literal(text: string): string {
  let out = '(';
  for (const b of encodeWinAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + ')';
}

/**
 * One page. Coordinates are in points from the page's top-left corner, y downwards (as on screen); the page turns them
 * into PDF's bottom-left origin. Text is placed by its baseline.
 */
export class PdfPage {
  readonly width: number;
  readonly height: number;
  private readonly ops: string[] = [];

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  text(x: number, y: number, text: string, style: TextStyle = {}): void {
    const font = style.font ?? 'Helvetica';
    this.ops.push(`BT /${fontResource[font]} ${num(style.size ?? 10)} Tf ${colourOp(style.colour ?? [0, 0, 0], 'rg')} ${num(x)} ${num(this.height - y)} Td ${literal(text)} Tj ET`);
  }

  /** An open path through `points` (two or more). */
  polyline(points: readonly (readonly [number, number])[], style: StrokeStyle = {}): void {
    if (points.length < 2) return;
    const path = points.map(([x, y], i) => `${num(x)} ${num(this.height - y)} ${i === 0 ? 'm' : 'l'}`).join(' ');
    this.ops.push(`q ${this.strokeState(style)} ${path} S Q`);
  }

  line(x1: number, y1: number, x2: number, y2: number, style: StrokeStyle = {}): void {
    this.polyline([[x1, y1], [x2, y2]], style);
  }

  /** A rectangle from its top-left corner: filled, stroked, or both. */
  rect(x: number, y: number, width: number, height: number, fill: Rgb | null, stroke: StrokeStyle | null = null): void {
    const path = `${num(x)} ${num(this.height - y - height)} ${num(width)} ${num(height)} re`;
    this.paint(path, fill, stroke);
  }

  /** A closed polygon (a diamond marker, a triangle), filled, stroked, or both. */
  polygon(points: readonly (readonly [number, number])[], fill: Rgb | null, stroke: StrokeStyle | null = null): void {
    if (points.length < 3) return;
    const path = points.map(([x, y], i) => `${num(x)} ${num(this.height - y)} ${i === 0 ? 'm' : 'l'}`).join(' ') + ' h';
    this.paint(path, fill, stroke);
  }

  /** A circle as four Bézier arcs. */
  circle(cx: number, cy: number, r: number, fill: Rgb | null, stroke: StrokeStyle | null = null): void {
    const k = 0.5522847498 * r;
    const y = this.height - cy;
    const path = [
      `${num(cx + r)} ${num(y)} m`,
      `${num(cx + r)} ${num(y + k)} ${num(cx + k)} ${num(y + r)} ${num(cx)} ${num(y + r)} c`,
      `${num(cx - k)} ${num(y + r)} ${num(cx - r)} ${num(y + k)} ${num(cx - r)} ${num(y)} c`,
      `${num(cx - r)} ${num(y - k)} ${num(cx - k)} ${num(y - r)} ${num(cx)} ${num(y - r)} c`,
      `${num(cx + k)} ${num(y - r)} ${num(cx + r)} ${num(y - k)} ${num(cx + r)} ${num(y)} c h`,
    ].join(' ');
    this.paint(path, fill, stroke);
  }

  /** The page's content stream. */
  content(): string {
    return this.ops.join('\n');
  }

  private paint(path: string, fill: Rgb | null, stroke: StrokeStyle | null): void {
    if (!fill && !stroke) return;
    const paintOp = fill && stroke ? 'B' : fill ? 'f' : 'S';
    this.ops.push(`q ${fill ? colourOp(fill, 'rg') + ' ' : ''}${stroke ? this.strokeState(stroke) + ' ' : ''}${path} ${paintOp} Q`);
  }

  private strokeState(style: StrokeStyle): string {
    const dash = style.dash && style.dash.length > 0 ? `[${style.dash.map(num).join(' ')}] 0 d` : '[] 0 d';
    return `${colourOp(style.colour ?? [0, 0, 0], 'RG')} ${num(style.width ?? 1)} w ${dash}`;
  }
}

/** A document of pages; `toBytes` writes it as PDF 1.4 with uncompressed content streams. */
export class PdfDocument {
  readonly pages: PdfPage[] = [];

  addPage(width: number = a4.width, height: number = a4.height): PdfPage {
    const page = new PdfPage(width, height);
    this.pages.push(page);
    return page;
  }

  toBytes(info: PdfInfo): Uint8Array {
    if (this.pages.length === 0) throw new Error('pdf: a document needs at least one page.');
    // Objects 1-5: catalog, page tree, the two fonts, the information dictionary; then each page and its content.
    const objects: string[] = [];
    const pageIds = this.pages.map((_, i) => 6 + 2 * i);
    objects.push('<< /Type /Catalog /Pages 2 0 R >>');
    objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${this.pages.length} >>`);
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    const author = info.author === undefined ? '' : ` /Author ${utf16(info.author)}`;
    objects.push(`<< /Title ${utf16(info.title)}${author} /Producer ${utf16(info.producer)} /CreationDate (${pdfDate(info.createdAt)}) >>`);
    this.pages.forEach((page, i) => {
      objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`);
      const stream = page.content();
      // The content is ASCII (strings are escaped), so its length in characters is its length in bytes.
      objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    });
    // The header's second line holds bytes above 127 so that transfer tools treat the file as binary.
    let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
    const offsets: number[] = [];
    objects.forEach((object, i) => {
      offsets.push(body.length);
      body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    });
    const xrefAt = body.length;
    body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
    body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    // Every character of `body` is below 256: one byte each.
    const bytes = new Uint8Array(body.length);
    for (let i = 0; i < body.length; i++) bytes[i] = body.charCodeAt(i);
    return bytes;
  }
}

/** A text string for the information dictionary: UTF-16BE with its byte-order mark, in hexadecimal. */
function utf16(text: string): string {
  let hex = '<FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return hex + '>';
}

/** D:YYYYMMDDHHmmSSZ, in UTC. */
function pdfDate(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}Z`;
}
