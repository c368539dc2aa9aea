// The `FILE.sha256` sidecar kept beside every finished recording, in `sha256sum` format so standard tools check it.

/** One line, as `sha256sum` prints it: hex digest, two spaces, file name. */
export function formatChecksumSidecar(sha256Hex: string, fileName: string): string {
  return `${sha256Hex}  ${fileName}\n`;
}

/** The digest in a sidecar's text, or null when the text is not a `sha256sum` line. */
export function parseChecksumSidecar(text: string): string | null {
  const match = /^([0-9a-fA-F]{64})\s/.exec(text.trim() + ' ');
  return match ? match[1].toLowerCase() : null;
}

/** The sidecar's path for a recording's path. */
export function checksumSidecarPath(recordingPath: string): string {
  return `${recordingPath}.sha256`;
}
