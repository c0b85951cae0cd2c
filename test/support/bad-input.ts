import { STATUS_CODES } from 'node:http';
import fc from 'fast-check';
import type { Pool } from 'pg';
import type { Response } from 'supertest';

/**
 * Helpers for the bad-input suite: a walk over a valid body guided by its JSON
 * Schema (the OpenAPI document's, or X-ARF's), the invalid variants of it that
 * the schema alone proves invalid, and the checks every refusal must pass.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Segment = string | number;

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  additionalProperties?: boolean | Schema;
  $ref?: string;
  allOf?: Schema[];
}

export const BODY_LIMIT = 1024 * 1024;

// ---------------------------------------------------------------------------
// Paths, as the API names them: `reports[3].post.id`.

/** The API's path of a field (see flattenValidationErrors in libs/common). */
export function pathOf(segments: Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

/** Without trailing `[i]`: class-validator names a list for a bad item of a list of scalars (`each: true`). */
const listOf = (path: string) => path.replace(/(\[\d+\])+$/, '');

// ---------------------------------------------------------------------------
// Schemas

/** Resolves local `$ref`s (`#/components/schemas/X`, `#/$defs/x`) and `allOf` wrappers of one schema. */
export function schemaResolver(document: object): (schema: Schema) => Schema {
  const resolve = (schema: Schema): Schema => {
    const { $ref, allOf, ...rest } = schema;
    if ($ref) {
      if (!$ref.startsWith('#/')) throw new Error(`only local $refs are followed, not ${$ref}`);
      const target = $ref.slice(2).split('/').reduce<any>((node, key) => node?.[key], document);
      if (!target) throw new Error(`unresolvable $ref ${$ref}`);
      return resolve({ ...target, ...rest });
    }
    if (allOf?.length === 1) return resolve({ ...allOf[0], ...rest });
    return schema;
  };
  return resolve;
}

function kindOf(schema: Schema): string | undefined {
  if (schema.type) return schema.type === 'integer' ? 'number' : schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  const sample = schema.enum?.[0] ?? schema.const;
  return sample === undefined ? undefined : typeof sample;
}

export interface Site {
  path: Segment[];
  schema: Schema;
  value: Json;
  required: boolean;
  /** For objects: may they carry fields the schema does not name? */
  closed?: boolean;
}

/**
 * Every place in `body` that `schema` describes. `closedByDefault`: whether an
 * object without `additionalProperties` refuses unknown fields (docket's DTOs
 * do; JSON Schema's default, X-ARF's, is to allow them).
 */
export function sitesOf(body: Json, schema: Schema, resolve: (s: Schema) => Schema, closedByDefault: boolean): Site[] {
  const out: Site[] = [];
  const walk = (value: Json, raw: Schema, path: Segment[], required: boolean) => {
    const s = resolve(raw);
    const site: Site = { path, schema: s, value, required };
    if (isPlainObject(value) && kindOf(s) === 'object') {
      site.closed = s.additionalProperties === undefined ? closedByDefault : s.additionalProperties === false;
      for (const [key, sub] of Object.entries(s.properties ?? {})) {
        if (key in value) walk(value[key], sub, [...path, key], (s.required ?? []).includes(key));
      }
    }
    if (Array.isArray(value) && s.items) value.forEach((item, i) => walk(item, s.items!, [...path, i], true));
    out.push(site);
  };
  walk(body, schema, [], true);
  return out;
}

export function isPlainObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// Mutations: small descriptions (fast-check prints them on failure), rendered to JSON text.

export type Mutation =
  | { kind: 'drop'; path: Segment[] }
  | { kind: 'set'; path: Segment[]; value: Json; why: string }
  | { kind: 'longString'; path: Segment[]; unit: string; /** in characters */ length: number }
  | { kind: 'longArray'; path: Segment[]; length: number }
  | { kind: 'extraField'; path: Segment[]; key: string; value: Json }
  | { kind: 'insert'; path: Segment[]; text: string; at: number }
  | { kind: 'deep'; path: Segment[]; depth: number; shape: 'object' | 'array' }
  | { kind: 'forbiddenKey'; path: Segment[]; key: '__proto__' | 'constructor.prototype' };

const MARKER = '\u2063marker\u2063';

function deepText(depth: number, shape: 'object' | 'array'): string {
  return shape === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}

/** The body with the mutation applied, as the JSON text to send. */
export function render(body: Json, m: Mutation): string {
  const copy = structuredClone(body);
  const parentPath = m.path.slice(0, -1);
  const last = m.path[m.path.length - 1];
  const at = (path: Segment[]) => path.reduce<any>((node, key) => node[key], copy);
  const set = (path: Segment[], value: Json): Json => {
    if (path.length === 0) return value;
    at(path.slice(0, -1))[path[path.length - 1]] = value;
    return copy;
  };
  switch (m.kind) {
    case 'drop':
      delete at(parentPath)[last];
      return JSON.stringify(copy);
    case 'set':
      return JSON.stringify(set(m.path, m.value));
    case 'longString': {
      // Limits count characters (code points), as class-validator's MaxLength does.
      const chars = Array.from(m.unit);
      return JSON.stringify(set(m.path, Array.from({ length: m.length }, (_, i) => chars[i % chars.length]).join('')));
    }
    case 'longArray': {
      const list = at(m.path) as Json[];
      return JSON.stringify(set(m.path, Array.from({ length: m.length }, (_, i) => structuredClone(list[i % list.length]))));
    }
    case 'extraField':
      at(m.path)[m.key] = m.value;
      return JSON.stringify(copy);
    case 'insert': {
      const text = at(m.path) as string;
      const i = Math.min(m.at, text.length);
      return JSON.stringify(set(m.path, text.slice(0, i) + m.text + text.slice(i)));
    }
    case 'deep':
      return JSON.stringify(set(m.path, MARKER)).replace(JSON.stringify(MARKER), deepText(m.depth, m.shape));
    case 'forbiddenKey':
      // JSON.stringify cannot write an own `__proto__`; the key goes in as text.
      at(m.path)[MARKER] = m.key === '__proto__' ? { polluted: true } : { prototype: { polluted: true } };
      return JSON.stringify(copy).replace(JSON.stringify(MARKER), m.key === '__proto__' ? '"__proto__"' : '"constructor"');
  }
}

/** Strings that are hostile somewhere else (SQL, spreadsheets, shells, HTML) and plain text here. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE cases;--",
  "' OR '1'='1",
  "1; DELETE FROM reports WHERE '1'='1",
  "Robert'); DROP TABLE principals;--",
  '"; TRUNCATE audit_events; --',
  "$$; DROP TABLE posts; $$",
  "E'\\\\x00'",
  '\\', "\\'", '%', '_', '%_%',
  '=cmd|\' /C calc\'!A0',
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(1+1)*cmd|\' /C calc\'!A0',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1+1)',
  '\t=1+1', '\r=1+1',
  '"quoted, with comma"\r\nnew line',
  '<script>alert(1)</script>',
  '${7*7} {{7*7}} #{7*7}',
  '$(rm -rf /) `id`',
  '../../etc/passwd',
  '{"$where": "1 == 1"}',
  'NULL', 'null', 'undefined', 'true', '0', '-0', 'NaN',
  '\u202Eevil\u202C', '\uFEFFbom', 'zero\u200Bwidth', 'e\u0301', '🔥👩‍👩‍👧', '𝕏', 'مرحبا', '漢字',
  '\u0001\u0002\u001f\u007f', '\u2028\u2029', '\uFFFE\uFFFF', '\uDBFF\uDFFF',
];

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
const cut = (s: string, max: number) => {
  const head = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
};

/** Any text PostgreSQL can store and JSON can carry: no NUL, no lone surrogate. */
export const storableText = (maxLength: number) =>
  fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.string({ unit: 'binary', maxLength }).map((s) => s.replace(/\u0000/g, '')),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
  ).map((s) => cut(s, maxLength));

/** Names every object inherits (and `prototype`): libraries tend to skip them rather than see them. */
const inheritedKey = fc.constantFrom(
  'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString',
  '__defineGetter__', '__lookupSetter__',
);

/** Field names no DTO has. */
const extraKey = fc.oneof(
  inheritedKey,
  fc.constantFrom(
    'Category', 'POST', 'id ', ' id', 'post.id', 'reports[0]', '$where', '$gt', "'; DROP TABLE cases;--", '=cmd|\' /C calc\'!A0',
    'a\u0000b', '\uD800', '🔥', '\u202E', 'x'.repeat(300),
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);

/** Small JSON values whose keys pass Fastify's prototype-poisoning check. */
const smallJson: fc.Arbitrary<Json> = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 10 }),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__' && k !== 'constructor'), tie('json'), { maxKeys: 3 }),
  ),
})).json;

/** A value of another JSON type than `kind` (never null for an optional field: null there reads as absent). */
function wrongType(kind: string | undefined, required: boolean): fc.Arbitrary<Json> {
  const all: [string, fc.Arbitrary<Json>][] = [
    ['string', fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('1', 'true', '[]', '{}', ''))],
    ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))],
    ['boolean', fc.boolean()],
    ['array', fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 })],
    ['object', fc.dictionary(fc.constantFrom('a', 'id', 'value'), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 2 })],
  ];
  const others = all.filter(([k]) => k !== kind).map(([, arb]) => arb);
  if (required) others.push(fc.constant(null));
  return fc.oneof(...others);
}

export interface Expected {
  /** The API must name one of these paths (`prefix`: a path starting with the first). */
  paths?: string[];
  prefix?: boolean;
}

export interface Planned {
  mutation: Mutation;
  expected: Expected;
}

/** Every invalid variant of a body its schema proves invalid, one arbitrary per site and kind of mistake. */
export function mutationsOf(sites: Site[]): fc.Arbitrary<Planned>[] {
  const out: fc.Arbitrary<Planned>[] = [];
  const named = (path: Segment[]) => {
    const p = pathOf(path);
    return { paths: [p, listOf(p)] };
  };
  for (const site of sites) {
    const { path, schema, value, required } = site;
    const kind = kindOf(schema);
    const expected = named(path);
    const plan = (arb: fc.Arbitrary<Mutation>, exp: Expected = expected) => out.push(arb.map((mutation) => ({ mutation, expected: exp })));

    if (path.length > 0 && required && typeof path[path.length - 1] === 'string') plan(fc.constant({ kind: 'drop', path }));
    if (path.length > 0 && kind) plan(wrongType(kind, required).map((v) => ({ kind: 'set', path, value: v, why: `not a ${kind}` })));
    // Deep nesting anywhere: 33 levels is already too deep; 220 000 objects are beyond the body limit.
    plan(
      fc.record({
        depth: fc.oneof(fc.integer({ min: 33, max: 200 }), fc.constant(10_000), fc.integer({ min: 10_001, max: 220_000 })),
        shape: fc.constantFrom('object' as const, 'array' as const),
      }).map(({ depth, shape }) => ({ kind: 'deep', path, depth, shape })),
      { paths: [pathOf(path)], prefix: true },
    );

    if (typeof value === 'string') {
      plan(fc.record({ text: fc.constantFrom('\u0000', 'a\u0000', '\u0000\u0000'), at: fc.nat(40) }).map((r) => ({ kind: 'insert', path, ...r })), { paths: [pathOf(path)] });
      plan(fc.record({ text: fc.constantFrom('\uD800', '\uDFFF', 'x\uDBFF', '\uDC00\uD800'), at: fc.nat(40) }).map((r) => ({ kind: 'insert', path, ...r })), { paths: [pathOf(path)] });
      if (schema.maxLength !== undefined) {
        const limit = schema.maxLength;
        plan(
          fc.record({
            unit: fc.constantFrom('x', 'é', '🔥', "'; DROP TABLE cases;--", '=1+1,'),
            length: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: limit + 1, max: limit + 64 }) }, fc.integer({ min: 100_000, max: 700_000 })),
          }).map(({ unit, length }) => ({ kind: 'longString', path, unit, length })),
        );
      }
      if (schema.minLength) plan(fc.constant({ kind: 'set', path, value: '', why: 'shorter than minLength' }));
      if (schema.pattern) {
        const pattern = new RegExp(schema.pattern, 'u');
        plan(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...HOSTILE_STRINGS)).filter((v) => !pattern.test(v))
          .map((v) => ({ kind: 'set', path, value: v, why: `does not match ${schema.pattern}` })));
      }
      if (schema.format && ['uuid', 'date-time', 'email', 'hostname', 'uri'].includes(schema.format)) {
        plan(fc.constantFrom('not a valid value', "'; DROP TABLE cases;--", '<a@b>', ' ').map((v) => ({ kind: 'set', path, value: v, why: `not a ${schema.format}` })));
      }
      if (schema.enum) {
        const allowed = new Set(schema.enum);
        plan(
          fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...schema.enum.map((e) => String(e).toLowerCase() + ' ')))
            .filter((s) => !allowed.has(s))
            .map((v) => ({ kind: 'set', path, value: v, why: 'not in the enum' })),
        );
      }
    }
    if (typeof value === 'number') {
      const exclusive = (flag: boolean | number | undefined) => flag === true;
      if (schema.maximum !== undefined) {
        const max = schema.maximum;
        plan(fc.integer({ min: exclusive(schema.exclusiveMaximum) ? 0 : 1, max: 1e9 }).map((d) => ({ kind: 'set', path, value: max + d, why: 'above maximum' })));
      }
      if (schema.minimum !== undefined) {
        const min = schema.minimum;
        plan(fc.integer({ min: exclusive(schema.exclusiveMinimum) ? 0 : 1, max: 1e9 }).map((d) => ({ kind: 'set', path, value: min - d, why: 'below minimum' })));
      }
    }
    if (Array.isArray(value)) {
      if (schema.maxItems !== undefined && value.length > 0) {
        const max = schema.maxItems;
        // Up to about 1.5 MiB of items: past the body limit too, without megabytes the server will not read.
        const most = Math.max(max + 21, Math.floor((1.5 * BODY_LIMIT) / (JSON.stringify(value[0]).length + 1)));
        plan(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: max + 1, max: max + 20 }) }, fc.integer({ min: max + 21, max: most }))
          .map((length) => ({ kind: 'longArray', path, length })), { paths: [pathOf(path)] });
      }
      if (schema.minItems) plan(fc.constant({ kind: 'set', path, value: [], why: 'fewer than minItems' }), { paths: [pathOf(path)] });
    }
    if (isPlainObject(value) && site.closed) {
      const known = new Set(Object.keys(schema.properties ?? {}));
      plan(
        fc.record({ key: extraKey.filter((k) => !known.has(k)), value: smallJson }).map(({ key, value: v }) => ({ kind: 'extraField', path, key, value: v })),
        // The unknown field's own path; for a name with NUL or a lone surrogate, the refusal of that name.
        { paths: [] },
      );
      plan(fc.record({ key: inheritedKey, value: smallJson }).map(({ key, value: v }) => ({ kind: 'extraField', path, key, value: v })), { paths: [] });
    }
    if (isPlainObject(value)) {
      plan(fc.constantFrom('__proto__' as const, 'constructor.prototype' as const).map((key) => ({ kind: 'forbiddenKey', path, key })), {});
    }
  }
  return out;
}

/** The paths the API must name for a planned mutation (the unknown field's, for extraField). */
export function expectedPaths(p: Planned): string[] {
  if (p.mutation.kind === 'extraField') {
    const segments = [...p.mutation.path, p.mutation.key];
    // X-ARF's paths (Ajv's) write a field named like a number as `.7`, class-validator's as `[7]`.
    const dotted = segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
    return [pathOf(segments), dotted];
  }
  if (p.mutation.kind === 'forbiddenKey') return [pathOf([...p.mutation.path, p.mutation.key === '__proto__' ? '__proto__' : 'constructor'])];
  return p.expected.paths ?? [];
}

// ---------------------------------------------------------------------------
// What every refusal looks like

export interface ErrorBodyShape {
  statusCode: number;
  error: string;
  message: string;
  errors?: { path: string; message: string }[];
}

/** A 4xx in the contract's error shape: nothing more, nothing less. */
export function expectContractError(res: Response, statuses: number[] = [400]): ErrorBodyShape {
  const context = `${res.status} ${JSON.stringify(res.body).slice(0, 500)}`;
  if (!statuses.includes(res.status)) throw new Error(`expected status ${statuses.join('|')}, got ${context}`);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.body as ErrorBodyShape;
  expect(Object.keys(body).filter((k) => !['statusCode', 'error', 'message', 'errors'].includes(k))).toEqual([]);
  expect(body.statusCode).toBe(res.status);
  expect(body.error).toBe(STATUS_CODES[res.status]);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors) && body.errors.length > 0).toBe(true);
    for (const e of body.errors) {
      expect(Object.keys(e).sort()).toEqual(['message', 'path']);
      expect(typeof e.path).toBe('string');
      expect(typeof e.message).toBe('string');
    }
  }
  return body;
}

/** The validation error names one of `paths` (or, with `prefix`, a path inside the first). */
export function expectNames(body: ErrorBodyShape, paths: string[], prefix = false): void {
  const named = (body.errors ?? []).map((e) => e.path);
  const ok = prefix
    ? named.some((n) => paths[0] === '' || n === paths[0] || n.startsWith(`${paths[0]}.`) || n.startsWith(`${paths[0]}[`))
    : named.some((n) => paths.includes(n));
  if (!ok) throw new Error(`expected errors[].path to name ${prefix ? 'something inside ' : ''}${JSON.stringify(paths)}, got ${JSON.stringify(named)}`);
}

// ---------------------------------------------------------------------------
// Row counts of every table

export async function tableNames(db: Pool): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'audit_pending') ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name as string);
}

/**
 * `{table: rows}` for every table, in one statement (so one snapshot). The audit log counts as one table,
 * audit_events with what is still pending (tableNames leaves audit_pending out): the sequencer moves events
 * from one to the other at any time.
 */
export async function rowCounts(db: Pool, tables: string[]): Promise<Record<string, number>> {
  const source = (t: string) => (t === 'audit_events' ? 'audit_trail' : `"${t}"`);
  const sql = `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM ${source(t)}) AS "${t}"`).join(', ')}`;
  return (await db.query(sql)).rows[0];
}
