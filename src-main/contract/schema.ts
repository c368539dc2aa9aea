// A small runtime schema language for validating every payload that crosses the contract boundary.

export type Issue = { path: string; message: string };

export interface Schema<T> {
  /** Returns the value (with defaults applied) or the first problem found, named by its path. */
  parse(value: unknown, path?: string): { ok: true; value: T } | { ok: false; issue: Issue };
  /** Human description of what is allowed, used in messages. */
  describe: string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const describeValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
};

const fail = (path: string, expected: string, value: unknown) =>
  ({ ok: false as const, issue: { path: path || '(payload)', message: `expected ${expected}, got ${describeValue(value)}` } });

export function string(options: { min?: number; max?: number; pattern?: RegExp; patternText?: string } = {}): Schema<string> {
  const { min = 0, max = 10_000, pattern, patternText } = options;
  const describe = patternText ?? `a string of ${min} to ${max} characters`;
  return {
    describe,
    parse(value, path = '') {
      if (typeof value !== 'string' || value.length < min || value.length > max) return fail(path, describe, value);
      if (pattern && !pattern.test(value)) return fail(path, describe, value);
      return { ok: true, value };
    },
  };
}

export function number(options: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
  const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE, integer = false } = options;
  const describe = `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`;
  return {
    describe,
    parse(value, path = '') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) return fail(path, describe, value);
      if (integer && !Number.isInteger(value)) return fail(path, describe, value);
      return { ok: true, value };
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    describe: 'true or false',
    parse: (value, path = '') => (typeof value === 'boolean' ? { ok: true, value } : fail(path, 'true or false', value)),
  };
}

export function literal<const T extends readonly string[]>(...allowed: T): Schema<T[number]> {
  const describe = `one of ${allowed.map((a) => `'${a}'`).join(', ')}`;
  return {
    describe,
    parse: (value, path = '') =>
      typeof value === 'string' && allowed.includes(value) ? { ok: true, value: value as T[number] } : fail(path, describe, value),
  };
}

/** An optional field: absent or undefined gives the fallback (or undefined). */
export function optional<T>(inner: Schema<T>): Schema<T | undefined>;
export function optional<T>(inner: Schema<T>, fallback: T): Schema<T>;
export function optional<T>(inner: Schema<T>, fallback?: T): Schema<T | undefined> {
  return {
    describe: `${inner.describe} (optional)`,
    parse: (value, path = '') => (value === undefined ? { ok: true, value: fallback } : inner.parse(value, path)),
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    describe: `${inner.describe} or null`,
    parse: (value, path = '') => (value === null ? { ok: true, value: null } : inner.parse(value, path)),
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] };
/** Fields whose schema accepts undefined become optional properties. */
type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** A plain object with exactly these fields: unknown fields are refused so typos do not pass silently. */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const describe = `an object with fields ${keys.join(', ') || '(none)'}`;
  return {
    describe,
    parse(value, path = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, describe, value);
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!(key in shape)) {
          return { ok: false, issue: { path: path ? `${path}.${key}` : key, message: `unknown field; allowed fields: ${keys.join(', ') || '(none)'}` } };
        }
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const result = shape[key].parse(record[key], path ? `${path}.${key}` : key);
        if (!result.ok) return result;
        if (result.value !== undefined) out[key] = result.value;
      }
      return { ok: true, value: out as ObjectOf<S> };
    },
  };
}

export function array<T>(item: Schema<T>, options: { min?: number; max?: number } = {}): Schema<T[]> {
  const { min = 0, max = 10_000 } = options;
  const describe = min === 0 ? `an array of at most ${max} items` : min === max ? `an array of exactly ${max} items` : `an array of ${min} to ${max} items`;
  return {
    describe,
    parse(value, path = '') {
      if (!Array.isArray(value) || value.length < min || value.length > max) return fail(path, describe, value);
      const out: T[] = [];
      for (let i = 0; i < value.length; i++) {
        const result = item.parse(value[i], `${path}[${i}]`);
        if (!result.ok) return result;
        out.push(result.value);
      }
      return { ok: true, value: out };
    },
  };
}

export const empty = object({});
