// EDF+ Time-stamped Annotation Lists (TALs): parsing one record's annotation bytes, and encoding them.
import { utf8Text } from './byte-source.ts';

export interface TalAnnotation {
  onsetSec: number;
  durationSec: number;
  label: string;
}

export interface TalBlock {
  /** Onset of the record from its time-keeping TAL (the first TAL, with an empty first text), or null. */
  recordOnsetSec: number | null;
  annotations: TalAnnotation[];
  problems: { byteOffset: number; message: string }[];
}

const ONSET = /^[+-]\d+(\.\d*)?$/;
const DURATION = /^\d+(\.\d*)?$/;

/**
 * Parses the annotation bytes of one data record: TALs `+onset[\x15duration]\x14text\x14...\x14\x00`,
 * separated and padded by NUL bytes. Malformed TALs are skipped and reported, never thrown.
 */
export function parseTalBlock(bytes: Uint8Array): TalBlock {
  const block: TalBlock = { recordOnsetSec: null, annotations: [], problems: [] };
  let position = 0;
  let first = true;
  while (position < bytes.length) {
    if (bytes[position] === 0) {
      position++;
      continue;
    }
    let end = bytes.indexOf(0, position);
    if (end < 0) end = bytes.length;
    const tal = bytes.subarray(position, end);
    const talStart = position;
    position = end + 1;
    const firstSeparator = tal.indexOf(0x14);
    if (firstSeparator < 0 || tal[tal.length - 1] !== 0x14) {
      block.problems.push({ byteOffset: talStart, message: 'a TAL does not end with 0x14 0x00; skipped' });
      first = false;
      continue;
    }
    const timing = text(tal.subarray(0, firstSeparator));
    const durationMark = timing.indexOf('\x15');
    const onsetText = durationMark < 0 ? timing : timing.slice(0, durationMark);
    const durationText = durationMark < 0 ? '' : timing.slice(durationMark + 1);
    if (!ONSET.test(onsetText) || (durationText !== '' && !DURATION.test(durationText))) {
      block.problems.push({ byteOffset: talStart, message: `a TAL has an invalid onset or duration '${escape(timing)}'; skipped` });
      first = false;
      continue;
    }
    const onsetSec = Number(onsetText);
    const durationSec = durationText === '' ? 0 : Number(durationText);
    const texts = text(tal.subarray(firstSeparator + 1, tal.length - 1)).split('\x14');
    texts.forEach((text, i) => {
      if (text !== '') block.annotations.push({ onsetSec, durationSec, label: text });
      else if (i === 0 && first) block.recordOnsetSec = onsetSec;
    });
    first = false;
  }
  return block;
}

/** UTF-8 text; short ASCII runs (most TALs) skip the decoder, whose per-call cost dominates for them. */
function text(bytes: Uint8Array): string {
  if (bytes.length <= 64) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode(...bytes);
  }
  return utf8Text(bytes);
}

const encoder = new TextEncoder();

/** Seconds as a TAL number: sign, no exponent, at most 7 decimals, trailing zeros dropped. */
export function talNumber(seconds: number, signed: boolean): string {
  let text = Math.abs(seconds).toFixed(7).replace(/0+$/, '').replace(/\.$/, '');
  if (text === '') text = '0';
  return signed ? (seconds < 0 && text !== '0' ? '-' : '+') + text : text;
}

/** The time-keeping TAL that opens every record of an EDF+ file: `+onset\x14\x14\x00`. */
export function encodeTimeKeepingTal(recordOnsetSec: number): Uint8Array {
  return encoder.encode(`${talNumber(recordOnsetSec, true)}\x14\x14\x00`);
}

/** One annotation as a TAL. Control characters in the text that would break the TAL are replaced by spaces. */
export function encodeTal(annotation: TalAnnotation): Uint8Array {
  const duration = annotation.durationSec > 0 ? `\x15${talNumber(annotation.durationSec, false)}` : '';
  const text = annotation.label.replace(/[\x00\x14\x15]/g, ' ');
  return encoder.encode(`${talNumber(annotation.onsetSec, true)}${duration}\x14${text}\x14\x00`);
}

function escape(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
