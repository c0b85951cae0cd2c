import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { IsObject, ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { ApiError, FieldError } from './api-error';

/** Turns class-validator's tree into the contract's `errors[].path` list. */
export function flattenValidationErrors(errors: ValidationError[], parent = '', out: FieldError[] = []): FieldError[] {
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    // One entry per field, with every rule it breaks.
    const messages = Object.values(error.constraints ?? {}).map((m) => cleanMessage(m, error.property));
    if (messages.length > 0) out.push({ path, message: messages.join('; ') });
    // Into the same list: spreading a child list of 500 000 errors into push() overflowed the stack.
    if (error.children?.length) flattenValidationErrors(error.children, path, out);
  }
  return out;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** class-validator starts messages with the property name; the path already says it. */
function cleanMessage(message: string, property: string): string {
  if (message === `property ${property} should not exist`) return 'is not a known field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any body docket reads, and far below what a recursive copy of the body can take. */
const MAX_BODY_DEPTH = 32;
const TOO_DEEP = 'is nested too deeply';

/**
 * Text that PostgreSQL cannot store (NUL) or that is not Unicode (a lone
 * surrogate) is refused before validation, wherever it sits in the body, and so
 * is a body nested more than MAX_BODY_DEPTH levels.
 */
export function findUnstorableText(value: unknown, path = '', out: FieldError[] = [], depth = 0): FieldError[] {
  if (depth > MAX_BODY_DEPTH) {
    out.push({ path: path || '(body)', message: TOO_DEEP });
  } else if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ path: path || '(body)', message: 'must not contain NUL characters' });
    else if (LONE_SURROGATE.test(value)) out.push({ path: path || '(body)', message: 'must be valid Unicode (lone surrogate)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findUnstorableText(item, `${path}[${i}]`, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000') || LONE_SURROGATE.test(key)) out.push({ path: keyPath, message: 'field name is not valid text' });
      findUnstorableText(item, keyPath, out, depth + 1);
    }
  }
  return out;
}

/** No DTO body has a list longer than this (a scan's 1 000 posts) or an object with more fields; no sane X-ARF report either. */
const MAX_LIST_ITEMS = 1000;
const MAX_OBJECT_FIELDS = 100;

/**
 * Lists and objects far larger than any body docket reads. class-validator
 * works through every item and field even past ArrayMaxSize, and slowly; Ajv
 * does it once per X-ARF type branch: a 1 MiB body of 200 000 list items or
 * 60 000 unknown fields held the event loop, so every request, for 10 to 90 s.
 * Such a body is refused before it is validated, naming the list or object.
 */
export function findOversized(value: unknown, path = '', out: FieldError[] = []): FieldError[] {
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) out.push({ path: path || '(body)', message: `has ${value.length} items, more than any list here takes (${MAX_LIST_ITEMS})` });
    else value.forEach((item, i) => findOversized(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length > MAX_OBJECT_FIELDS) out.push({ path: path || '(body)', message: `has ${entries.length} fields, more than any object here takes (${MAX_OBJECT_FIELDS})` });
    else for (const [key, item] of entries) findOversized(item, path ? `${path}.${key}` : key, out);
  }
  return out;
}

/**
 * Fields named like what every object inherits (`constructor`, `toString`,
 * `hasOwnProperty`, …, and `prototype`): Nest's pipe and class-transformer drop
 * them without a word, so a body carrying one would pass as if it had not. No
 * DTO has such a field: each is an unknown field, refused like any other.
 */
export function findInheritedNames(value: unknown, path = '', out: FieldError[] = []): FieldError[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => findInheritedNames(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (key in Object.prototype || key === 'prototype') out.push({ path: keyPath, message: 'is not a known field' });
      findInheritedNames(item, keyPath, out);
    }
  }
  return out;
}

/**
 * For a list of objects validated with `ValidateNested({ each: true })`:
 * class-validator takes an item that is itself a list for a list of such
 * objects and validates its items instead, so `{"rules": [[]]}` passed (and
 * failed further on, a 500). Every item must be an object.
 */
export const EachIsObject = (): PropertyDecorator =>
  IsObject({
    each: true,
    message: ({ value }: ValidationArguments) => {
      const bad = Array.isArray(value) ? value.flatMap((item, i) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? [] : [i])) : [];
      return bad.length > 0 ? `must hold objects only (not item ${bad.join(', ')})` : 'must be a list of objects';
    },
  });

/** The one validation pipe: whitelist, refuse unknown fields, answer with paths. */
export class ContractValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => ApiError.validation(flattenValidationErrors(errors)),
    });
  }

  /** Unstorable text, inherited names and class-validator's findings are reported together, so every bad path is named at once. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const refused = metadata.type === 'body' ? findUnstorableText(value) : [];
    // class-transformer copies the body recursively: nested too deeply, it would overflow the stack (a 500).
    if (refused.some((e) => e.message === TOO_DEEP)) throw ApiError.validation(refused);
    const oversized = metadata.type === 'body' ? findOversized(value) : [];
    if (oversized.length > 0) throw ApiError.validation([...oversized, ...refused]);
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      // A DTO is a JSON object. Nest's pipe would take null for no body at all (a claim went through) and
      // validate an array item by item (naming `[0]`); no body at all stays allowed, for DTOs whose fields are all optional.
      if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        throw ApiError.validation([{ path: '(body)', message: 'must be a JSON object' }, ...refused]);
      }
      // Only bodies checked against a DTO refuse unknown fields (an X-ARF report may carry any).
      findInheritedNames(value, '', refused);
    }
    try {
      const result = await super.transform(value, metadata);
      if (refused.length > 0) throw ApiError.validation(refused);
      return result;
    } catch (err) {
      if (refused.length === 0 || !(err instanceof ApiError) || !err.errors) throw err;
      const seen = new Set(refused.map((e) => e.path));
      throw ApiError.validation([...refused, ...err.errors.filter((e) => !seen.has(e.path))]);
    }
  }
}

/** A class-validator decorator from a predicate: `name` for class-validator, `message` when the value fails. */
export function ValidWhen(name: string, message: string, validate: (value: unknown) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator => (target, propertyName) =>
    registerDecorator({ name, target: target.constructor, propertyName: propertyName as string, options: { message, ...options }, validator: { validate } });
}
