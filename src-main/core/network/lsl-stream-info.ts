// The LSL stream description (`<info>` XML): building the short and full forms, reading a peer's, channel metadata, queries.
import { badInput } from '../errors.ts';
import { childElement, childText, parseXml, writeXml, xmlElement, type XmlElement } from './xml.ts';

export type LslChannelFormat = 'float32' | 'double64' | 'string' | 'int32' | 'int16' | 'int8' | 'int64';

/** The formats in liblsl's numbering order (1..7), as they are spelled in `<channel_format>`. */
export const LSL_CHANNEL_FORMATS: readonly LslChannelFormat[] = ['float32', 'double64', 'string', 'int32', 'int16', 'int8', 'int64'];

/** Bytes per value on the wire (strings are length-prefixed, 0 here). */
export const LSL_VALUE_BYTES: Readonly<Record<LslChannelFormat, number>> = { float32: 4, double64: 8, string: 0, int32: 4, int16: 2, int8: 1, int64: 8 };

/** Data protocol versions spoken: 1.10 (raw binary) and 1.00 (portable archive). */
export const LSL_PROTOCOL_VERSION = 110;

/** Largest channel count accepted from a peer. */
export const LSL_MAX_CHANNELS = 4096;

export interface LslChannel {
  label: string;
  unit: string;
  type: string;
}

export interface LslStreamInfo {
  name: string;
  type: string;
  channelCount: number;
  /** Samples per second; 0 for an irregular stream (markers). */
  nominalSrate: number;
  channelFormat: LslChannelFormat;
  sourceId: string;
  /** Protocol version x 100 (110 for 1.10). */
  version: number;
  createdAt: number;
  uid: string;
  sessionId: string;
  hostname: string;
  v4address: string;
  v4dataPort: number;
  v4servicePort: number;
  v6address: string;
  v6dataPort: number;
  v6servicePort: number;
  /** The `<desc>` element (present in the full info; empty in the short one). */
  desc: XmlElement;
}

/** The `<info>` element; `withDesc` false gives the short info (answers to queries), true the full info. */
export function streamInfoElement(info: LslStreamInfo, withDesc: boolean): XmlElement {
  const t = (name: string, value: string | number) => xmlElement(name, String(value));
  return xmlElement('info', '', [
    t('name', info.name),
    t('type', info.type),
    t('channel_count', info.channelCount),
    t('channel_format', info.channelFormat),
    t('source_id', info.sourceId),
    t('nominal_srate', info.nominalSrate),
    t('version', info.version / 100),
    t('created_at', info.createdAt),
    t('uid', info.uid),
    t('session_id', info.sessionId),
    t('hostname', info.hostname),
    t('v4address', info.v4address),
    t('v4data_port', info.v4dataPort),
    t('v4service_port', info.v4servicePort),
    t('v6address', info.v6address),
    t('v6data_port', info.v6dataPort),
    t('v6service_port', info.v6servicePort),
    withDesc ? info.desc : xmlElement('desc'),
  ]);
}

export function streamInfoXml(info: LslStreamInfo, withDesc: boolean): string {
  return writeXml(streamInfoElement(info, withDesc));
}

/** Reads a peer's `<info>` document; throws a `bad-input` CoreError naming the field at fault. */
export function parseStreamInfo(xml: string, what = 'LSL stream info'): LslStreamInfo {
  const root = parseXml(xml, what);
  if (root.name !== 'info') throw badInput(`${what}: the root element is <${root.name}>, expected <info>`);
  const text = (name: string) => childText(root, name).trim();
  const integer = (name: string, min: number, max: number) => {
    const raw = text(name);
    const value = raw === '' ? 0 : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${what}: <${name}> is '${raw}', expected an integer from ${min} to ${max}`, { field: name, value: raw });
    return value;
  };
  const name = text('name');
  if (name === '') throw badInput(`${what}: <name> is empty`, { field: 'name' });
  const format = text('channel_format');
  if (!(LSL_CHANNEL_FORMATS as readonly string[]).includes(format)) {
    throw badInput(`${what}: <channel_format> is '${format}', expected one of ${LSL_CHANNEL_FORMATS.join(', ')}`, { field: 'channel_format', value: format });
  }
  const srateText = text('nominal_srate');
  const nominalSrate = Number(srateText);
  if (srateText === '' || !Number.isFinite(nominalSrate) || nominalSrate < 0 || nominalSrate > 1e6) {
    throw badInput(`${what}: <nominal_srate> is '${srateText}', expected a rate from 0 (irregular) to 1000000`, { field: 'nominal_srate', value: srateText });
  }
  const versionText = text('version');
  const version = Math.round(Number(versionText) * 100);
  if (!Number.isFinite(version) || version <= 0) throw badInput(`${what}: <version> is '${versionText}', expected a protocol version such as 1.10`, { field: 'version', value: versionText });
  const uid = text('uid');
  if (uid === '') throw badInput(`${what}: <uid> is empty`, { field: 'uid' });
  const createdAt = Number(text('created_at') || '0');
  return {
    name,
    type: text('type'),
    channelCount: integer('channel_count', 1, LSL_MAX_CHANNELS),
    nominalSrate,
    channelFormat: format as LslChannelFormat,
    sourceId: text('source_id'),
    version,
    createdAt: Number.isFinite(createdAt) ? createdAt : 0,
    uid,
    sessionId: text('session_id'),
    hostname: text('hostname'),
    v4address: text('v4address'),
    v4dataPort: integer('v4data_port', 0, 65535),
    v4servicePort: integer('v4service_port', 0, 65535),
    v6address: text('v6address'),
    v6dataPort: integer('v6data_port', 0, 65535),
    v6servicePort: integer('v6service_port', 0, 65535),
    desc: childElement(root, 'desc') ?? xmlElement('desc'),
  };
}

/** The `<desc>` of a stream: channels (label, unit, type) and the acquisition device, as the LSL meta-data conventions spell them. */
export function lslDescription(channels: readonly LslChannel[], acquisition: { manufacturer?: string; model?: string; description?: string } = {}): XmlElement {
  const desc = xmlElement('desc', '', [
    xmlElement('channels', '', channels.map((c) => xmlElement('channel', '', [xmlElement('label', c.label), xmlElement('unit', c.unit), xmlElement('type', c.type)]))),
  ]);
  const fields = Object.entries(acquisition).filter(([, v]) => v !== undefined && v !== '') as [string, string][];
  if (fields.length > 0) desc.children.push(xmlElement('acquisition', '', fields.map(([k, v]) => xmlElement(k, v))));
  return desc;
}

/** Channel labels, units and types from `<desc><channels>`; missing entries are numbered (`NAME 1`...) with empty unit and type. */
export function lslChannels(info: LslStreamInfo): LslChannel[] {
  const listed = childElement(info.desc, 'channels')?.children.filter((c) => c.name === 'channel') ?? [];
  const channels: LslChannel[] = [];
  for (let i = 0; i < info.channelCount; i++) {
    const c = listed[i];
    const label = childText(c, 'label').trim() || childText(c, 'name').trim();
    channels.push({ label: label || `${info.name} ${i + 1}`, unit: childText(c, 'unit').trim(), type: childText(c, 'type').trim() });
  }
  return channels;
}

/** The factor that turns values in `unit` into microvolts, or null when the unit is not a voltage. */
export function microvoltsPer(unit: string): number | null {
  const u = unit.trim().toLowerCase().replace('µ', 'u').replace('μ', 'u');
  if (u === 'microvolts' || u === 'microvolt' || u === 'uv') return 1;
  if (u === 'millivolts' || u === 'millivolt' || u === 'mv') return 1e3;
  if (u === 'volts' || u === 'volt' || u === 'v') return 1e6;
  if (u === 'nanovolts' || u === 'nanovolt' || u === 'nv') return 1e-3;
  return null;
}

/**
 * Whether a stream matches a query: the XPath subset liblsl's clients send (comparisons of `<info>` fields with
 * `=` / `!=`, `starts-with`, `contains`, `and`, `or`, `not()`, parentheses). The empty query matches everything.
 * A query outside that subset throws a `bad-input` CoreError.
 */
export function matchesQuery(info: LslStreamInfo, query: string): boolean {
  const trimmed = query.trim();
  if (trimmed === '') return true;
  const root = streamInfoElement(info, true);
  const parser = new QueryParser(trimmed, root);
  const result = parser.parse();
  return result;
}

type Token = { kind: 'name' | 'string' | 'number' | 'op' | 'paren' | 'comma'; value: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(!=|=)|([()])|(,)|'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.\-/]*))/y;
  let pos = 0;
  while (pos < query.length) {
    if (/^\s*$/.test(query.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(query);
    if (!m) throw badInput(`LSL query '${query}': cannot read it at character ${pos}`);
    pos = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'op', value: m[1] });
    else if (m[2]) tokens.push({ kind: 'paren', value: m[2] });
    else if (m[3]) tokens.push({ kind: 'comma', value: ',' });
    else if (m[4] !== undefined) tokens.push({ kind: 'string', value: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: 'string', value: m[5] });
    else if (m[6] !== undefined) tokens.push({ kind: 'number', value: m[6] });
    else tokens.push({ kind: 'name', value: m[7] });
  }
  return tokens;
}

class QueryParser {
  private readonly tokens: Token[];
  private index = 0;
  private readonly query: string;
  private readonly root: XmlElement;

  constructor(query: string, root: XmlElement) {
    this.query = query;
    this.root = root;
    this.tokens = tokenize(query);
  }

  parse(): boolean {
    const value = this.or();
    if (this.index < this.tokens.length) throw this.error(`unexpected '${this.tokens[this.index].value}'`);
    return value;
  }

  private error(problem: string) {
    return badInput(`LSL query '${this.query}': ${problem}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private take(kind: Token['kind'], value?: string): Token {
    const t = this.tokens[this.index];
    if (!t || t.kind !== kind || (value !== undefined && t.value !== value)) throw this.error(`expected ${value ?? kind}${t ? ` before '${t.value}'` : ' at the end'}`);
    this.index++;
    return t;
  }

  private or(): boolean {
    let value = this.and();
    while (this.peek()?.kind === 'name' && this.peek()?.value === 'or') {
      this.index++;
      const right = this.and();
      value = value || right;
    }
    return value;
  }

  private and(): boolean {
    let value = this.unary();
    while (this.peek()?.kind === 'name' && this.peek()?.value === 'and') {
      this.index++;
      const right = this.unary();
      value = value && right;
    }
    return value;
  }

  private unary(): boolean {
    const t = this.peek();
    if (!t) throw this.error('unexpected end');
    if (t.kind === 'paren' && t.value === '(') {
      this.index++;
      const value = this.or();
      this.take('paren', ')');
      return value;
    }
    if (t.kind === 'name' && this.tokens[this.index + 1]?.kind === 'paren' && this.tokens[this.index + 1].value === '(') {
      this.index += 2;
      if (t.value === 'not') {
        const value = this.or();
        this.take('paren', ')');
        return !value;
      }
      if (t.value === 'starts-with' || t.value === 'contains') {
        const subject = this.operand();
        this.take('comma');
        const needle = this.operand();
        this.take('paren', ')');
        return t.value === 'starts-with' ? subject.startsWith(needle) : subject.includes(needle);
      }
      throw this.error(`the function ${t.value}() is not supported (use =, !=, starts-with, contains, and, or, not)`);
    }
    const left = this.tokens[this.index];
    const leftValue = this.operand();
    const op = this.take('op').value;
    const right = this.tokens[this.index];
    const rightValue = this.operand();
    const numeric = left.kind === 'number' || right.kind === 'number';
    const equal = numeric ? Number(leftValue) === Number(rightValue) : leftValue === rightValue;
    return op === '=' ? equal : !equal;
  }

  /** A literal's value or the text of a field path such as `name` or `desc/manufacturer`. */
  private operand(): string {
    const t = this.peek();
    if (!t) throw this.error('unexpected end');
    this.index++;
    if (t.kind === 'string' || t.kind === 'number') return t.value;
    if (t.kind !== 'name') throw this.error(`unexpected '${t.value}'`);
    let element: XmlElement | undefined = this.root;
    for (const part of t.value.split('/')) element = childElement(element, part);
    return element?.text.trim() ?? '';
  }
}
