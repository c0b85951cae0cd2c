import type { FastifyInstance } from 'fastify';
import { ApiError, FieldError } from '@docket/common';

/**
 * Fastify's JSON parser, which refuses a body that could set an object's prototype (a `__proto__` field, or a
 * `constructor` holding `prototype`) as "not valid JSON", as it refuses broken JSON. Such a body is valid JSON
 * refused on purpose, so it gets the contract's 400 naming the field instead.
 */
export function useJsonBodyParser(instance: FastifyInstance): void {
  const parse = instance.getDefaultJsonParser('error', 'error');
  instance.removeContentTypeParser('application/json');
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (err: (Error & { code?: string }) | null, value?: unknown) => {
      const refused = err?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? prototypeFields(body as string) : [];
      if (refused.length > 0) done(ApiError.validation(refused), undefined);
      else done(err, value);
    });
  });
}

const MAX_DEPTH = 64;

/** Where a parsed body has the fields secure-json-parse refuses; none when the text is not JSON at all. */
function prototypeFields(text: string): FieldError[] {
  let value: unknown;
  try {
    // JSON.parse makes `__proto__` an own field, which a walk can name; it sets no prototype.
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const found: FieldError[] = [];
  // Deeper than any body docket reads (the validation pipe refuses more than 32 levels); a walk stops there, so a
  // body nested a million levels cannot overflow the stack. Such a body is refused all the same, unnamed.
  const walk = (node: unknown, path: string, depth: number): void => {
    if (node === null || typeof node !== 'object' || depth > MAX_DEPTH) return;
    for (const [key, item] of Object.entries(node)) {
      const keyPath = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (key === '__proto__' || (key === 'constructor' && item !== null && typeof item === 'object' && 'prototype' in item)) {
        found.push({ path: keyPath, message: 'is not a known field' });
      } else {
        walk(item, keyPath, depth + 1);
      }
    }
  };
  walk(value, '', 0);
  return found;
}
