// A small, bounded XML reader and writer for LSL stream descriptions: elements, text and entities; attributes are skipped.
import { badInput } from '../errors.ts';

export interface XmlElement {
  name: string;
  /** The element's own text (character data directly inside it, entities decoded, CDATA included). */
  text: string;
  children: XmlElement[];
}

export interface XmlLimits {
  /** Characters in the document. */
  maxChars: number;
  /** Nesting depth of elements. */
  maxDepth: number;
  /** Elements in the document. */
  maxElements: number;
}

export const defaultXmlLimits: XmlLimits = { maxChars: 4 * 1024 * 1024, maxDepth: 32, maxElements: 200_000 };

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;

/** Parses a document and returns its root element; throws a `bad-input` CoreError naming the problem and its position. */
export function parseXml(text: string, what = 'XML document', limits: XmlLimits = defaultXmlLimits): XmlElement {
  if (text.length > limits.maxChars) throw badInput(`${what}: ${text.length} characters, more than the ${limits.maxChars} allowed`);
  const fail = (pos: number, problem: string) => badInput(`${what}: ${problem} at character ${pos}`, { position: pos });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > pos) {
      const chunk = text.slice(pos, textEnd);
      if (stack.length > 0) stack[stack.length - 1].text += decodeEntities(chunk, pos, fail);
      else if (chunk.trim() !== '') throw fail(pos, 'text outside the root element');
    }
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) throw fail(pos, 'unterminated processing instruction');
      pos = end + 2;
    } else if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) throw fail(pos, 'unterminated comment');
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (end < 0) throw fail(pos, 'unterminated CDATA section');
      if (stack.length === 0) throw fail(pos, 'CDATA outside the root element');
      stack[stack.length - 1].text += text.slice(pos + 9, end);
      pos = end + 3;
    } else if (text.startsWith('<!', pos)) {
      throw fail(pos, 'document type declarations are not accepted');
    } else if (text.startsWith('</', pos)) {
      const name = NAME.exec(text.slice(pos + 2, pos + 2 + 256))?.[0];
      const end = text.indexOf('>', pos);
      if (!name || end < 0) throw fail(pos, 'malformed closing tag');
      const open = stack.pop();
      if (!open || open.name !== name) throw fail(pos, `closing tag </${name}> does not match <${open?.name ?? '(none)'}>`);
      if (text.slice(pos + 2 + name.length, end).trim() !== '') throw fail(pos, `malformed closing tag </${name}>`);
      pos = end + 1;
    } else {
      const name = NAME.exec(text.slice(pos + 1, pos + 1 + 256))?.[0];
      if (!name) throw fail(pos, 'malformed tag');
      const end = tagEnd(text, pos + 1 + name.length);
      if (end < 0) throw fail(pos, `unterminated tag <${name}>`);
      const selfClosing = text[end - 1] === '/';
      if (root && stack.length === 0) throw fail(pos, 'a second root element');
      if (++elements > limits.maxElements) throw fail(pos, `more than ${limits.maxElements} elements`);
      const element: XmlElement = { name, text: '', children: [] };
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else root = element;
      if (!selfClosing) {
        if (stack.length >= limits.maxDepth) throw fail(pos, `elements nested deeper than ${limits.maxDepth}`);
        stack.push(element);
      }
      pos = end + 1;
    }
  }
  if (stack.length > 0) throw fail(text.length, `<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw badInput(`${what}: no root element`);
  return root;
}

/** Index of the `>` ending a start tag, skipping quoted attribute values; -1 when unterminated. */
function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}

function decodeEntities(chunk: string, at: number, fail: (pos: number, problem: string) => Error): string {
  if (!chunk.includes('&')) return chunk;
  return chunk.replace(/&([^;&\s]{1,10});/g, (whole, body: string, offset: number) => {
    switch (body) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : body.startsWith('#') ? parseInt(body.slice(1), 10) : NaN;
    if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) throw fail(at + offset, `unknown entity ${whole}`);
    return String.fromCodePoint(code);
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** The first child element called `name`. */
export function childElement(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** The text of the first child called `name`, or '' when there is none. */
export function childText(element: XmlElement | undefined, name: string): string {
  return childElement(element, name)?.text ?? '';
}

/** Writes an element tree as pugixml does: declaration, one element per line, tab indentation, `<x />` when empty. */
export function writeXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0"?>\n'];
  const write = (element: XmlElement, depth: number) => {
    const indent = '\t'.repeat(depth);
    if (element.children.length === 0) {
      out.push(element.text === '' ? `${indent}<${element.name} />\n` : `${indent}<${element.name}>${escapeXml(element.text)}</${element.name}>\n`);
      return;
    }
    out.push(`${indent}<${element.name}>${escapeXml(element.text)}\n`);
    for (const child of element.children) write(child, depth + 1);
    out.push(`${indent}</${element.name}>\n`);
  };
  write(root, 0);
  return out.join('');
}

/** An element with text and no children, or with the given children. */
export function xmlElement(name: string, text = '', children: XmlElement[] = []): XmlElement {
  return { name, text, children };
}
