// A model file's own checksum in its metadata: the SHA-256 of the file with the `sha256` value set to 64 zeros.
//
// The value is a fixed-length string inside the metadata, so writing it changes no length or offset: sealing
// replaces the zeros with the digest, checking puts the zeros back and hashes again. Any other byte changed
// (weights, channels, classes, the report) makes the digest differ. Core stays pure: the caller gives the hash.

/** 64 zeros: what `encodeModelMetadata` writes as `sha256` before the file is sealed. */
export const UNSEALED_SHA256 = '0'.repeat(64);

export type Sha256Hex = (bytes: Uint8Array) => string;

/** Where the ASCII text `value` sits in the bytes (its only occurrence), or -1. */
function locate(bytes: Uint8Array, value: string): number {
  const needle = new TextEncoder().encode(value);
  let found = -1;
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    if (found >= 0) return -1;
    found = i;
  }
  return found;
}

/** The file with its digest written in place of the zeros; returns the bytes and the digest. */
export function sealModel(bytes: Uint8Array, sha256: Sha256Hex): { bytes: Uint8Array; sha256: string } {
  const at = locate(bytes, UNSEALED_SHA256);
  if (at < 0) throw new Error('sealModel: the model has no unsealed sha256 metadata to fill');
  const digest = sha256(bytes);
  const sealed = bytes.slice();
  sealed.set(new TextEncoder().encode(digest), at);
  return { bytes: sealed, sha256: digest };
}

/** Whether the file still hashes to the digest its metadata holds. */
export function modelSealMatches(bytes: Uint8Array, storedSha256: string, sha256: Sha256Hex): boolean {
  if (!/^[0-9a-f]{64}$/.test(storedSha256)) return false;
  const at = locate(bytes, storedSha256);
  if (at < 0) return false;
  const unsealed = bytes.slice();
  unsealed.set(new TextEncoder().encode(UNSEALED_SHA256), at);
  return sha256(unsealed) === storedSha256;
}
