/**
 * JSON.parse that also says on which line each value starts, so an error in a file a person edits can name the
 * line as well as the field. `lines` maps a JSON pointer (`/streams/0/ratePerHour`) to the line of its key (or, for
 * an array item or the document, of its value); lines count from 1. A syntax error throws JsonSyntaxError with the
 * line and column.
 */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export interface JsonWithLines {
  value: unknown;
  lines: Map<string, number>;
}

export function parseJsonWithLines(text: string): JsonWithLines {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, i - lineStart + 1);
  };
  const skipSpace = () => {
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\n') {
        line += 1;
        lineStart = i + 1;
      } else if (ch !== ' ' && ch !== '\t' && ch !== '\r') {
        break;
      }
      i += 1;
    }
  };
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

  const parseString = (): string => {
    const from = i;
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i += 1;
      else if (text[i] === '\n' || text.charCodeAt(i) < 0x20) fail('control character in a string (a string cannot span lines)');
      i += 1;
    }
    if (i >= text.length) fail('unterminated string');
    i += 1;
    try {
      return JSON.parse(text.slice(from, i)) as string;
    } catch {
      return fail('bad escape in a string');
    }
  };

  const parseValue = (path: string): unknown => {
    skipSpace();
    if (!lines.has(path)) lines.set(path, line);
    const ch = text[i];
    if (ch === '{') {
      i += 1;
      const out: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === '}') {
        i += 1;
        return out;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('expected a field name in double quotes');
        const keyLine = line;
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(out, key)) fail(`field "${key}" appears twice`);
        const childPath = `${path}/${escape(key)}`;
        lines.set(childPath, keyLine);
        skipSpace();
        if (text[i] !== ':') fail(`expected ':' after "${key}"`);
        i += 1;
        Object.defineProperty(out, key, { value: parseValue(childPath), enumerable: true, writable: true, configurable: true });
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return out;
        }
        fail("expected ',' or '}'");
      }
    }
    if (ch === '[') {
      i += 1;
      const out: unknown[] = [];
      skipSpace();
      if (text[i] === ']') {
        i += 1;
        return out;
      }
      for (;;) {
        out.push(parseValue(`${path}/${out.length}`));
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return out;
        }
        fail("expected ',' or ']'");
      }
    }
    if (ch === '"') return parseString();
    LITERAL.lastIndex = i;
    const literal = LITERAL.exec(text);
    if (!literal) return fail(i >= text.length ? 'unexpected end of the document' : `unexpected character '${ch}'`);
    i += literal[0].length;
    return JSON.parse(literal[0]);
  };

  const value = parseValue('');
  skipSpace();
  if (i < text.length) fail('unexpected text after the document');
  return { value, lines };
}

/** `/streams/0/ratePerHour` → `streams[0].ratePerHour`, as docket names fields in errors. */
export function pointerToPath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}
