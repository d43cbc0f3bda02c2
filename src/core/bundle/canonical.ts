/**
 * JSON values as bundles hold them: a bounded, detached copy of untrusted input (`toJsonValue`),
 * and the canonical encoding whose SHA-256 is a bundle's id (`canonicalJson`).
 *
 * The copy is taken with an explicit stack, so 100k-deep nesting is refused by a counter rather
 * than by a stack overflow, and everything after it (migrations, validation) walks a tree whose
 * depth, size and text are already known to be sane: no getters, proxies, cycles, class instances,
 * `__proto__` keys, lone surrogates or NUL characters.
 */
import { BundleError } from '../errors';
import { err, ok, type Result } from '../result';
import type { BundleFault } from './schema';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export const JSON_LIMITS = {
  /** A bundle needs about 10 levels; TF.js model topologies a few more. */
  depth: 64,
  /** Values and keys in all; bounds the work of every later pass. */
  nodes: 2_000_000,
  arrayLength: 1_000_000,
  /** Inline weights are the longest strings, as base64. */
  stringLength: 64 * 1024 * 1024,
} as const;

/**
 * Keys that reach an object's prototype, or its constructor, when code indexes by them. A bundle
 * never needs them, so they are refused wherever they appear rather than silently dropped.
 */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Lone surrogates cannot become UTF-8; NUL (refused too) cuts text short in too many places. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a piece of text, or null when it may be kept. */
export function textFault(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000)';
  return LONE_SURROGATE.test(text)
    ? 'contains a lone surrogate (half of a UTF-16 pair), which is not valid Unicode'
    : null;
}

/** Defines an own data property, so even a key such as `__proto__` never reaches a prototype. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export const isJsonObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `path` of a child, as messages show it: `notebook.cells[2].title`, `datasets["my data"]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}...` : key)}]`;
}

interface Task {
  value: unknown;
  depth: number;
  /** Where the copy goes; the root lands in `holder.value`. */
  into: object;
  key: string | number;
  parent: Task | null;
}

const pathOf = (task: Task): string => {
  const keys: (string | number)[] = [];
  for (let t: Task | null = task; t !== null && t.parent !== null; t = t.parent) keys.push(t.key);
  return keys.reverse().reduce<string>((path, key) => childPath(path, key), '');
};

/** How a refusal is worded: `path` is '' for the value itself. */
export type JsonRefusal<E> = (path: string, problem: string, reason: BundleFault) => E;

const bundleRefusal: JsonRefusal<BundleError> = (path, problem, reason) =>
  new BundleError(
    `This bundle cannot be opened: ${path || 'the bundle'} ${problem}. ` +
      'It may be damaged or crafted; ask its author for a new copy.',
    reason,
  );

/**
 * A detached copy of `input` made only of fresh arrays and plain objects, or the first reason it
 * cannot be one. Object properties that are `undefined` are left out, as JSON.stringify does.
 */
export function toJsonValue(input: unknown): Result<JsonValue, BundleError> {
  return toJsonValueWith(input, bundleRefusal);
}

/** toJsonValue for values other than bundles, whose refusals `word` puts in their own terms. */
export function toJsonValueWith<E>(input: unknown, word: JsonRefusal<E>): Result<JsonValue, E> {
  try {
    return copy(input, word);
  } catch {
    // Only exotic objects (a Proxy whose traps throw) get here; JSON never does.
    return err(word('', 'is not plain JSON data', 'not-json'));
  }
}

function copy<E>(input: unknown, word: JsonRefusal<E>): Result<JsonValue, E> {
  const holder: { value?: JsonValue } = {};
  const stack: Task[] = [{ value: input, depth: 0, into: holder, key: 'value', parent: null }];
  const refuse = (task: Task, reason: BundleFault, problem: string) =>
    err(word(pathOf(task), problem, reason));
  let nodes = 0;
  for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
    if (++nodes > JSON_LIMITS.nodes) {
      return refuse(task, 'too-large', `is past the ${JSON_LIMITS.nodes} values a bundle may hold`);
    }
    const { value } = task;
    let out: JsonValue;
    if (value === null || typeof value === 'boolean') {
      out = value;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return refuse(task, 'not-json', 'is not a finite number');
      out = value;
    } else if (typeof value === 'string') {
      if (value.length > JSON_LIMITS.stringLength) {
        return refuse(task, 'too-large', `is longer than ${JSON_LIMITS.stringLength} characters`);
      }
      const fault = textFault(value);
      if (fault !== null) return refuse(task, 'bad-text', fault);
      out = value;
    } else if (typeof value === 'object') {
      if (task.depth >= JSON_LIMITS.depth) {
        return refuse(task, 'too-deep', `is nested more than ${JSON_LIMITS.depth} levels deep`);
      }
      if (Array.isArray(value)) {
        const length: number = value.length;
        if (length > JSON_LIMITS.arrayLength) {
          return refuse(
            task,
            'too-large',
            `is a list of more than ${JSON_LIMITS.arrayLength} items`,
          );
        }
        const list: JsonValue[] = new Array<JsonValue>(length).fill(null);
        for (let i = length - 1; i >= 0; i--) {
          const item = Object.getOwnPropertyDescriptor(value, i);
          if (item === undefined || !('value' in item) || item.value === undefined) {
            return refuse(task, 'not-json', `has a missing item at position ${i + 1}`);
          }
          stack.push({
            value: item.value,
            depth: task.depth + 1,
            into: list,
            key: i,
            parent: task,
          });
        }
        out = list;
      } else {
        const proto: unknown = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          return refuse(task, 'not-json', 'is not a plain object');
        }
        const object: JsonObject = {};
        for (const key of Reflect.ownKeys(value)) {
          if (typeof key === 'symbol') return refuse(task, 'not-json', 'has a symbol key');
          const child: Task = {
            value: undefined,
            depth: task.depth + 1,
            into: object,
            key,
            parent: task,
          };
          if (FORBIDDEN_KEYS.includes(key)) {
            return refuse(child, 'forbidden-key', `is a key Gradlab refuses (${key})`);
          }
          const keyFault = textFault(key);
          if (keyFault !== null) return refuse(child, 'bad-text', `is a key that ${keyFault}`);
          const property = Object.getOwnPropertyDescriptor(value, key);
          if (property === undefined || !property.enumerable) continue;
          if (!('value' in property)) return refuse(child, 'not-json', 'is a computed property');
          if (property.value === undefined) continue;
          child.value = property.value;
          stack.push(child);
        }
        out = object;
      }
    } else {
      return refuse(task, 'not-json', `is a ${typeof value}, which JSON cannot hold`);
    }
    setOwn(task.into, String(task.key), out);
  }
  return holder.value === undefined ? err(word('', 'is empty', 'not-json')) : ok(holder.value);
}

/**
 * Canonical JSON: keys sorted by UTF-16 code units, no whitespace, numbers and strings as
 * JSON.stringify writes them (so lone surrogates would be escaped, never lost). Properties that
 * are `undefined` are left out. Throws a BundleError on what JSON cannot hold (non-finite numbers,
 * functions, class instances, cycles): its input is a bundle the app built or validated, never
 * raw user input.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, 0, parts);
  return parts.join('');
}

function write(value: unknown, depth: number, parts: string[]): void {
  const refuse = (problem: string) => {
    throw new BundleError(`Cannot encode this bundle: it holds ${problem}.`, 'not-json');
  };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    parts.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(`the number ${value}`);
    parts.push(JSON.stringify(value));
    return;
  }
  if (typeof value !== 'object') return refuse(`a ${typeof value}`);
  if (depth >= JSON_LIMITS.depth) refuse(`more than ${JSON_LIMITS.depth} levels of nesting`);
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      const item: unknown = value[i];
      if (item === undefined) refuse('a list with a missing item');
      write(item, depth + 1, parts);
    }
    parts.push(']');
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) refuse('an object that is not plain data');
  const record = value as Record<string, unknown>;
  parts.push('{');
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(JSON.stringify(key), ':');
    write(item, depth + 1, parts);
  }
  parts.push('}');
}
