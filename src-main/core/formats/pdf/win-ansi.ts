// Text in the standard fonts' WinAnsiEncoding: the bytes for a string (with stand-ins for characters it lacks) and its width in Helvetica.
import { helveticaBoldWidths, helveticaWidths, winAnsiHighCodes } from './helvetica-metrics.ts';

export type PdfFontName = 'Helvetica' | 'Helvetica-Bold';

const highCodes = new Map<number, number>(winAnsiHighCodes);

/**
 * What a character WinAnsiEncoding lacks is written as. Anything else it lacks becomes '?'. The narrow and thin
 * spaces French typography puts before % and : become the no-break space (0xA0), which WinAnsi has.
 */
export const winAnsiStandIns: Readonly<Record<string, string>> = {
  '\u2265': '>=', '\u2264': '<=', '\u2260': '!=', '\u2212': '-', '\u2010': '-', '\u2011': '-', '\u03a9': 'Ohm', '\u2126': 'Ohm',
  '\u2192': '->', '\u2190': '<-', '\u2248': '~', '\u221e': 'inf', '\u03b1': 'alpha', '\u03b2': 'beta', '\u03bc': '\u00b5',
  '\u202f': '\u00a0', '\u2009': ' ', '\u2007': ' ', '\u2002': ' ', '\u2003': ' ', '\u00ad': '',
};

/** The WinAnsi code of one character, or null when the encoding has none. */
function codeOf(ch: string): number | null {
  const cp = ch.codePointAt(0) ?? 0;
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) return cp;
  return highCodes.get(cp) ?? null;
}

/** The WinAnsi bytes of `text`, characters it lacks replaced by their stand-ins (`winAnsiStandIns`) or '?'. Control characters become spaces. */
export function encodeWinAnsi(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = codeOf(ch);
    if (code !== null) {
      bytes.push(code);
      continue;
    }
    const standIn = winAnsiStandIns[ch];
    if (standIn !== undefined) {
      for (const s of standIn) bytes.push(codeOf(s) ?? 0x3f);
    } else bytes.push((ch.codePointAt(0) ?? 0) < 0x20 ? 0x20 : 0x3f);
  }
  return bytes;
}

/** The width of `text` set in `font` at `size` points, from the fonts' AFM widths. */
export function textWidth(text: string, font: PdfFontName, size: number): number {
  const widths = font === 'Helvetica' ? helveticaWidths : helveticaBoldWidths;
  let total = 0;
  for (const code of encodeWinAnsi(text)) total += widths[code - 32] ?? 0;
  return (total * size) / 1000;
}

/** Splits `text` into lines no wider than `maxWidth` at spaces (a word longer than the line is cut). */
export function wrapText(text: string, font: PdfFontName, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (textWidth(candidate, font, size) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = word;
      while (textWidth(line, font, size) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && textWidth(line.slice(0, cut), font, size) > maxWidth) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}
