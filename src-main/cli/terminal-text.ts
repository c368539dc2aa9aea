// Untrusted text (file labels, event names, paths, error messages quoting them) made safe to print on a terminal.

/**
 * Control characters (C0, DEL, C1: escape sequences that could move the cursor, retitle the window or hide text)
 * and Unicode bidirectional overrides become visible `\xNN` / `\u{NNNN}` escapes; everything else is kept.
 * Newlines and tabs are escaped too: one value stays on one line.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
