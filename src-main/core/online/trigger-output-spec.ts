// Where a device trigger goes and what it sends: the `serial:PATH[@BAUD]` / `tcp:HOST:PORT` spec and the command's bytes.
import { badInput } from '../errors.ts';

export type TriggerOutputSpec =
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'tcp'; host: string; port: number };

/** Baud rate of a serial trigger output when the spec names none. */
export const DEFAULT_TRIGGER_BAUD = 115200;

/** Baud rates a serial trigger output accepts (the standard ones serial adapters and stimulators use). */
export const TRIGGER_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;

/**
 * Parses `serial:PATH[@BAUD]` (`serial:/dev/ttyUSB0@9600`, `serial:COM3`) or `tcp:HOST:PORT`
 * (`tcp:127.0.0.1:5005`, `tcp:[::1]:5005`); the error says what was expected.
 */
export function parseTriggerOutputSpec(text: string): TriggerOutputSpec {
  const expected = 'expected serial:PATH[@BAUD] or tcp:HOST:PORT';
  if (text.startsWith('serial:')) {
    const rest = text.slice('serial:'.length);
    const at = rest.lastIndexOf('@');
    const path = at >= 0 ? rest.slice(0, at) : rest;
    if (path.trim() === '') throw badInput(`trigger output '${text}': the serial port is missing; ${expected}`, { field: 'trigger', value: text });
    if (at < 0) return { kind: 'serial', path, baudRate: DEFAULT_TRIGGER_BAUD };
    const baudText = rest.slice(at + 1);
    const baudRate = Number(baudText);
    if (!/^\d+$/.test(baudText) || !(TRIGGER_BAUD_RATES as readonly number[]).includes(baudRate)) {
      throw badInput(`trigger output '${text}': baud rate '${baudText}' is not one of ${TRIGGER_BAUD_RATES.join(', ')}`, { field: 'trigger', value: text });
    }
    return { kind: 'serial', path, baudRate };
  }
  if (text.startsWith('tcp:')) {
    const match = /^(\[[^\]]+\]|[^:[\]]+):(\d+)$/.exec(text.slice('tcp:'.length));
    if (!match) throw badInput(`trigger output '${text}': ${expected} (the host and the port are both needed)`, { field: 'trigger', value: text });
    const port = Number(match[2]);
    if (!(port >= 1 && port <= 65535)) throw badInput(`trigger output '${text}': port ${match[2]} is not from 1 to 65535`, { field: 'trigger', value: text });
    return { kind: 'tcp', host: match[1].replace(/^\[|\]$/g, ''), port };
  }
  throw badInput(`trigger output '${text}': ${expected}`, { field: 'trigger', value: text });
}

/** The spec written back as text (for reports and logs). */
export function formatTriggerOutputSpec(spec: TriggerOutputSpec): string {
  return spec.kind === 'serial' ? `serial:${spec.path}@${spec.baudRate}` : `tcp:${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${spec.port}`;
}

/**
 * What a trigger sends: the JSON line (`json`, see trigger-message.ts), a text template (`text:STIM {class}\n`) or
 * fixed bytes (`hex:A5 01 {index}`).
 */
export type TriggerCommand =
  | { kind: 'json' }
  | { kind: 'text'; template: string }
  | { kind: 'hex'; parts: (number | 'index')[] };

/** Placeholders of a text command: the class's name, its GDF cue code, 1 or 2, the output (3 decimals), the sample. */
export const TEXT_PLACEHOLDERS = ['class', 'code', 'index', 'output', 'sample'] as const;

/** The values a command is filled with. */
export interface TriggerCommandValues {
  className: string;
  code: number;
  /** 1 for class 1, 2 for class 2. */
  index: 1 | 2;
  output: number;
  sample: number;
}

/**
 * Parses `json`, `text:TEMPLATE` (escapes `\n`, `\r`, `\t`, `\\`, `\xHH`; placeholders `{class}`, `{code}`,
 * `{index}`, `{output}`, `{sample}`) or `hex:BYTES` (two hex digits per byte, spaces or colons between, `{index}`
 * for the byte 1 or 2 of the class).
 */
export function parseTriggerCommand(text: string): TriggerCommand {
  if (text === 'json') return { kind: 'json' };
  if (text.startsWith('text:')) {
    const template = unescapeText(text.slice('text:'.length), text);
    if (template === '') throw badInput(`trigger command '${text}': the text is empty`, { field: 'trigger-command', value: text });
    if ([...template].some((c) => c.charCodeAt(0) > 0xff)) throw badInput(`trigger command '${text}': a text command is bytes; use \\xHH for bytes, not characters beyond \\xFF`, { field: 'trigger-command', value: text });
    for (const match of template.matchAll(/\{([^}]*)\}/g)) {
      if (!(TEXT_PLACEHOLDERS as readonly string[]).includes(match[1])) {
        throw badInput(`trigger command '${text}': unknown placeholder {${match[1]}}; allowed: ${TEXT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`, { field: 'trigger-command', value: text });
      }
    }
    return { kind: 'text', template };
  }
  if (text.startsWith('hex:')) {
    const tokens = text.slice('hex:'.length).split(/[\s:,]+/).filter((t) => t !== '');
    if (tokens.length === 0) throw badInput(`trigger command '${text}': no bytes after hex:`, { field: 'trigger-command', value: text });
    const parts = tokens.map((token): number | 'index' => {
      if (token === '{index}') return 'index';
      if (!/^[0-9a-fA-F]{2}$/.test(token)) throw badInput(`trigger command '${text}': '${token}' is not a byte (two hex digits, or {index})`, { field: 'trigger-command', value: text });
      return parseInt(token, 16);
    });
    return { kind: 'hex', parts };
  }
  throw badInput(`trigger command '${text}': expected json, text:TEMPLATE or hex:BYTES`, { field: 'trigger-command', value: text });
}

/** The bytes of a text or hex command for one trigger (the JSON line is built by trigger-message.ts). */
export function encodeTriggerCommand(command: Exclude<TriggerCommand, { kind: 'json' }>, values: TriggerCommandValues): Uint8Array {
  if (command.kind === 'hex') return Uint8Array.from(command.parts.map((part) => (part === 'index' ? values.index : part)));
  const text = command.template.replace(/\{(class|code|index|output|sample)\}/g, (_, name: string) => {
    switch (name) {
      case 'class': return values.className;
      case 'code': return String(values.code);
      case 'index': return String(values.index);
      case 'output': return values.output.toFixed(3);
      default: return String(values.sample);
    }
  });
  // One byte per character (latin1): `\xHH` is the raw byte HH; class names are ASCII.
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function unescapeText(raw: string, whole: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|.|$)/g, (_, escape: string) => {
    if (escape === 'n') return '\n';
    if (escape === 'r') return '\r';
    if (escape === 't') return '\t';
    if (escape === '\\') return '\\';
    if (escape.startsWith('x') && escape.length === 3) return String.fromCharCode(parseInt(escape.slice(1), 16));
    throw badInput(`trigger command '${whole}': unknown escape '\\${escape}'; allowed: \\n, \\r, \\t, \\\\, \\xHH`, { field: 'trigger-command', value: whole });
  });
}
