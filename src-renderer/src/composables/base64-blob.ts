// Base64 bytes as a Blob, decoded here because the Content-Security-Policy does not let `fetch` read `data:` URLs.
export function base64ToBlob(base64: string, mimeType: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: mimeType });
}
