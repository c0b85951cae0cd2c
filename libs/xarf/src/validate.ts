import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { coreSchema, masterSchema, typeSchemas } from './schemas';
import type { XarfError, XarfReport, XarfValidationResult } from './types';

// strictTypes is off because a few type schemas use `format`/`required` in if/anyOf branches
// without a sibling `type` (valid 2020-12, but Ajv's strict lint warns at every compile).
// Unknown keywords stay an error: the one vendor keyword, x-recommended, is declared below.
const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats(ajv);
ajv.addKeyword('x-recommended');
// Every schema is registered under its $id (https://xarf.org/schemas/v4/...), so the
// relative $refs between them ("types/x.json", "../xarf-core.json") resolve offline.
ajv.addSchema([coreSchema, ...typeSchemas, masterSchema]);

const validateMaster = compiled(masterSchema.$id);
const validateCore = compiled(coreSchema.$id);

interface TypeBranch {
  if?: { properties?: { category?: { const?: string }; type?: { const?: string } } };
  then?: { $ref?: string };
}

// category -> type -> that type's schema, read from the master's if/then chain so the
// selection here is exactly the master's. Used only to explain a failure: the master's
// `if` branches match vacuously when category or type is absent, and its category/type
// anyOf fails once per category, so its raw errors are mostly noise.
const typeValidators = new Map<string, Map<string, ValidateFunction>>();
for (const branch of masterSchema.allOf as TypeBranch[]) {
  const category = branch.if?.properties?.category?.const;
  const type = branch.if?.properties?.type?.const;
  const ref = branch.then?.$ref;
  if (!category || !type || !ref) continue;
  if (!typeValidators.has(category)) typeValidators.set(category, new Map());
  typeValidators.get(category)!.set(type, compiled(new URL(ref, masterSchema.$id).href));
}

function compiled(id: string | undefined): ValidateFunction {
  const validate = id === undefined ? undefined : ajv.getSchema(id);
  if (!validate) throw new Error(`X-ARF schema ${id} is not registered`);
  return validate;
}

export function validateXarf(body: unknown): XarfValidationResult {
  if (!isObject(body)) return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };
  if (validateMaster(body)) return { ok: true, report: body as XarfReport };

  const errors = explain(body);
  // Safety net: should the narrowed explanation ever come up empty, fall back to the master's own errors.
  return { ok: false, errors: errors.length ? errors : format(validateMaster.errors ?? [], body) };
}

function explain(body: Record<string, unknown>): XarfError[] {
  const { category, type } = body;
  const types = typeof category === 'string' ? typeValidators.get(category) : undefined;
  const selected = typeof type === 'string' ? types?.get(type) : undefined;
  if (selected) {
    // Given a known category/type pair the master is exactly core + that type's schema
    // (which itself $refs core), so its errors are the real failures.
    selected(body);
    return format(selected.errors ?? [], body);
  }
  validateCore(body);
  const errors = format(validateCore.errors ?? [], body);
  if (types && typeof type === 'string') {
    errors.push({ path: 'type', message: `must be one of: ${[...types.keys()].join(', ')} (for category ${category})` });
  }
  return errors;
}

interface Issue {
  error: ErrorObject;
  path: string;
  message: string;
}

function format(raw: ErrorObject[], body: unknown): XarfError[] {
  let issues: Issue[] = raw
    // The then-branch errors already say what failed; the `if` entry only adds "must match then".
    .filter((error) => error.keyword !== 'if')
    .map((error) => ({ error, path: docketPath(error, body), message: describe(error) }));

  // Innermost first, so nested alternatives are folded before their parents look at them.
  const alternatives = issues
    .filter(({ error }) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => b.error.schemaPath.length - a.error.schemaPath.length);
  for (const alt of alternatives) {
    const prefix = `${alt.error.schemaPath}/`;
    const inside = issues.filter(
      ({ error }) => error.schemaPath.startsWith(prefix) && error.instancePath.startsWith(alt.error.instancePath),
    );
    if (inside.length === 0) continue;
    const branches = new Set(inside.map(({ error }) => error.schemaPath.slice(prefix.length).split('/')[0]));
    if (branches.size === 1) {
      // A one-branch anyOf is a plain requirement: its own errors are the real failures.
      issues = issues.filter((i) => i !== alt);
      continue;
    }
    // Every alternative failed: one entry at the alternatives' path naming each of them.
    alt.message = [...new Set(inside.map((i) => relative(i.path, alt.path) + i.message))].join(' or ');
    issues = issues.filter((i) => !inside.includes(i));
  }

  const unique = new Map(issues.map(({ path, message }) => [`${path}\0${message}`, { path, message }]));
  return [...unique.values()];
}

function relative(path: string, base: string): string {
  if (path === base) return '';
  const rest = base === '' ? path : path.slice(base.length).replace(/^\./, '');
  return `${rest} `;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed field';
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'format':
      return `must be a valid ${p.format}`;
    case 'type':
      return `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${p.type}`;
    case 'pattern':
      return `must match the pattern ${p.pattern}`;
    default:
      return e.message ?? 'is invalid';
  }
}

// JSON pointer (/evidence/0/content_type) -> docket path (evidence[0].content_type),
// naming the offending property itself for required/additionalProperties errors.
function docketPath(e: ErrorObject, body: unknown): string {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') segments.push(String(p.missingProperty));
  if (e.keyword === 'additionalProperties') segments.push(String(p.additionalProperty));

  let path = '';
  let node: unknown = body;
  for (const segment of segments) {
    path += Array.isArray(node) ? `[${segment}]` : path ? `.${segment}` : segment;
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
