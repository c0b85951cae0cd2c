import Ajv, { type ErrorObject } from 'ajv';
import { REPORTER_KINDS } from '@docket/database';
import { DSA_CATEGORIES, DSA_KEYWORDS } from '@docket/dsa';
import { JsonSyntaxError, parseJsonWithLines, pointerToPath } from './json-lines';
import { Random, exponential, logNormal, seededRandom, weighted } from './random';

/**
 * A replay scenario (docs/staffing.md): who files which notices when, and how long moderators take on them. A T&S
 * lead copies scenarios/january-2021.json and changes inflow, category mix and handling times; `parseScenario`
 * refuses a bad file naming each bad field and its line.
 */
export interface HandlingSpec {
  /** Median seconds a moderator takes on a case (> 0). */
  medianSeconds: number;
  /** σ of the logarithm (log-normal spread); 0 gives every case the median. Default 0.3. */
  spread?: number;
}

export interface Outcomes {
  remove?: number;
  no_violation?: number;
  escalate?: number;
}

export interface ScenarioPost {
  language: string;
  text: string;
}

export interface CategoryShare {
  category: string;
  weight: number;
  specification?: string[];
}

/** Notices arriving at random (Poisson) at a rate that moves linearly from `start` to `end` per hour. */
export interface Stream {
  name: string;
  reporterKind: string;
  startMinute: number;
  endMinute: number;
  ratePerHour: number | { start: number; end: number };
  categories: CategoryShare[];
  outcomes?: Outcomes;
  posts: ScenarioPost[];
}

/** `count` notices filed at once, in one batch request. */
export interface Batch {
  name: string;
  reporterKind: string;
  atMinute: number;
  count: number;
  category: string;
  specification?: string[];
  outcomes?: Outcomes;
  posts: ScenarioPost[];
}

export interface Scenario {
  name: string;
  description?: string;
  seed: number;
  durationMinutes: number;
  /** Scenario seconds per real second at which `npm run replay` runs it, unless --compression says otherwise. */
  compression: number;
  /** Seniors working the senior tier (escalations and breached cases) beside the moderators being counted. */
  seniors?: number;
  handling: { default: HandlingSpec; byCategory?: Record<string, HandlingSpec> };
  streams: Stream[];
  batches: Batch[];
}

/** One notice of a scenario, as generated for a seed: when, by whom, about what, and what deciding it takes. */
export interface ScenarioNotice {
  /** Seconds from the scenario's start. */
  at: number;
  source: string;
  reporterKind: string;
  category: string;
  specification: string[];
  post: { id: string; language: string; text: string };
  outcome: 'remove' | 'no_violation' | 'escalate';
  handlingSeconds: number;
  seniorHandlingSeconds: number;
}

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; line: number | undefined; message: string }[],
  ) {
    super(`${file} is not a valid scenario:\n${problems.map((p) => `  ${file}:${p.line ?? '?'}: ${p.path || '(document)'}: ${p.message}`).join('\n')}`);
  }
}

const MAX_MINUTES = 7 * 24 * 60;
const handlingSchema = {
  type: 'object', additionalProperties: false, required: ['medianSeconds'],
  properties: { medianSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 86_400 }, spread: { type: 'number', minimum: 0, maximum: 3 } },
};
const outcomesSchema = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: { remove: { type: 'number', minimum: 0 }, no_violation: { type: 'number', minimum: 0 }, escalate: { type: 'number', minimum: 0 } },
};
const postsSchema = {
  type: 'array', minItems: 1, maxItems: 10_000,
  items: {
    type: 'object', additionalProperties: false, required: ['language', 'text'],
    properties: { language: { type: 'string', pattern: '^[a-z]{2}$' }, text: { type: 'string', minLength: 1, maxLength: 10_000 } },
  },
};
const category = { type: 'string', enum: DSA_CATEGORIES };
const specification = { type: 'array', maxItems: 20, items: { type: 'string', enum: DSA_KEYWORDS } };
const reporterKind = { type: 'string', enum: REPORTER_KINDS };
const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$' };
const minute = { type: 'number', minimum: 0, maximum: MAX_MINUTES };
const rate = { type: 'number', minimum: 0, maximum: 1_000_000 };

export const SCENARIO_SCHEMA = {
  type: 'object', additionalProperties: false,
  required: ['name', 'seed', 'durationMinutes', 'compression', 'handling', 'streams', 'batches'],
  properties: {
    $schema: { type: 'string' },
    name,
    description: { type: 'string', maxLength: 5000 },
    seed: { type: 'integer', minimum: 0, maximum: 4_294_967_295 },
    durationMinutes: { type: 'number', exclusiveMinimum: 0, maximum: MAX_MINUTES },
    compression: { type: 'number', minimum: 1, maximum: 10_000 },
    seniors: { type: 'integer', minimum: 0, maximum: 1000 },
    handling: {
      type: 'object', additionalProperties: false, required: ['default'],
      properties: { default: handlingSchema, byCategory: { type: 'object', propertyNames: category, additionalProperties: handlingSchema } },
    },
    streams: {
      type: 'array', maxItems: 100,
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'reporterKind', 'startMinute', 'endMinute', 'ratePerHour', 'categories', 'posts'],
        properties: {
          name, reporterKind, startMinute: minute, endMinute: minute,
          // A number, or a ramp: each branch's own errors name the field (a negative rate, a missing end).
          ratePerHour: {
            if: { type: 'number' },
            then: rate,
            else: { type: 'object', additionalProperties: false, required: ['start', 'end'], properties: { start: rate, end: rate } },
          },
          categories: {
            type: 'array', minItems: 1, maxItems: 16,
            items: {
              type: 'object', additionalProperties: false, required: ['category', 'weight'],
              properties: { category, weight: { type: 'number', minimum: 0 }, specification },
            },
          },
          outcomes: outcomesSchema,
          posts: postsSchema,
        },
      },
    },
    batches: {
      type: 'array', maxItems: 100,
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'reporterKind', 'atMinute', 'count', 'category', 'posts'],
        properties: {
          name, reporterKind, atMinute: minute, count: { type: 'integer', minimum: 1, maximum: 500 }, category, specification,
          outcomes: outcomesSchema, posts: postsSchema,
        },
      },
    },
  },
} as const;

let validator: ReturnType<Ajv['compile']> | undefined;

/** Reads and checks a scenario file's text; throws ScenarioError naming every bad field and its line. */
export function parseScenario(text: string, file = 'scenario'): Scenario {
  let parsed: ReturnType<typeof parseJsonWithLines>;
  try {
    parsed = parseJsonWithLines(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new ScenarioError(file, [{ path: '', line: err.line, message: `not valid JSON (column ${err.column}: ${err.message.replace(/^line \d+, column \d+: /, '')})` }]);
    throw err;
  }
  const { value, lines } = parsed;
  const lineOf = (pointer: string): number | undefined => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const line = lines.get(p);
      if (line !== undefined || p === '') return line;
    }
  };
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(SCENARIO_SCHEMA);
  const problems: ScenarioError['problems'] = [];
  if (!validator(value)) {
    for (const e of simplify(validator.errors ?? [])) problems.push(describe(e, lineOf));
  } else {
    problems.push(...crossChecks(value as Scenario).map((p) => ({ ...p, line: lineOf(p.pointer), path: pointerToPath(p.pointer) })));
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new ScenarioError(file, problems);
  }
  return value as Scenario;
}

/**
 * Ajv adds an `if` error beside the failing branch's own, and a bad key's `enum` error beside its `propertyNames`
 * one: the branch's and the key's say what is wrong.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== 'if' && !(e.keyword !== 'propertyNames' && e.schemaPath.includes('/propertyNames/')));
}

function describe(e: ErrorObject, lineOf: (pointer: string) => number | undefined): ScenarioError['problems'][number] {
  let pointer = e.instancePath;
  let message = e.message ?? 'is not valid';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      pointer = `${pointer}/${String(p.missingProperty)}`;
      message = 'is required';
      return { path: pointerToPath(pointer), line: lineOf(e.instancePath), message };
    case 'additionalProperties':
      pointer = `${pointer}/${String(p.additionalProperty)}`;
      message = 'is not a known field';
      break;
    case 'propertyNames':
      pointer = `${pointer}/${String(p.propertyName)}`;
      message = 'is not a category: the keys are STATEMENT_CATEGORY_* values';
      break;
    case 'enum': {
      const allowed = (p.allowedValues as string[]) ?? [];
      message = allowed === DSA_CATEGORIES ? 'is not a category: one of the 16 STATEMENT_CATEGORY_* values'
        : allowed === DSA_KEYWORDS ? 'is not a KEYWORD_* value'
          : `must be one of ${allowed.join(', ')}`;
      break;
    }
    case 'exclusiveMinimum':
      message = `must be more than ${String(p.limit)}`;
      if (pointer.endsWith('/medianSeconds')) message += ' (a handling time of zero is impossible)';
      break;
    case 'minimum':
      message = `must be at least ${String(p.limit)}`;
      if (/rate|\/start$|\/end$/i.test(pointer)) message += ' (a rate cannot be negative)';
      break;
    case 'type':
      if (pointer.endsWith('/ratePerHour')) message = 'must be notices per hour (a number, at least 0) or {"start", "end"}';
      break;
    case 'pattern':
      message = pointer.endsWith('/language') ? 'must be an ISO 639-1 code of two lower-case letters' : `must match ${String(p.pattern)}`;
      break;
    default:
      break;
  }
  return { path: pointerToPath(pointer), line: lineOf(pointer), message };
}

/** What the schema cannot say: spans within the scenario, weights that pick something. */
function crossChecks(s: Scenario): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  if (s.streams.length + s.batches.length === 0) out.push({ pointer: '/streams', message: 'the scenario files no notices: give at least one stream or batch' });
  const names = new Set<string>();
  s.streams.forEach((st, i) => {
    const at = `/streams/${i}`;
    if (names.has(st.name)) out.push({ pointer: `${at}/name`, message: `"${st.name}" names another stream or batch already` });
    names.add(st.name);
    if (st.endMinute <= st.startMinute) out.push({ pointer: `${at}/endMinute`, message: `must be after startMinute (${st.startMinute})` });
    if (st.endMinute > s.durationMinutes) out.push({ pointer: `${at}/endMinute`, message: `must be within durationMinutes (${s.durationMinutes})` });
    if (!st.categories.some((c) => c.weight > 0)) out.push({ pointer: `${at}/categories`, message: 'needs a category of weight more than 0' });
    if (st.outcomes && !Object.values(st.outcomes).some((w) => (w ?? 0) > 0)) out.push({ pointer: `${at}/outcomes`, message: 'needs an outcome of weight more than 0' });
  });
  s.batches.forEach((b, i) => {
    const at = `/batches/${i}`;
    if (names.has(b.name)) out.push({ pointer: `${at}/name`, message: `"${b.name}" names another stream or batch already` });
    names.add(b.name);
    if (b.atMinute > s.durationMinutes) out.push({ pointer: `${at}/atMinute`, message: `must be within durationMinutes (${s.durationMinutes})` });
    if (b.outcomes && !Object.values(b.outcomes).some((w) => (w ?? 0) > 0)) out.push({ pointer: `${at}/outcomes`, message: 'needs an outcome of weight more than 0' });
  });
  return out;
}

/**
 * The scenario's notices for its seed, in filing order. Each stream and batch draws from a generator of its own
 * (seeded from the scenario's seed and its position), so editing one leaves the others' notices as they were.
 * `idPrefix` makes post ids unique per run.
 */
export function scenarioNotices(s: Scenario, idPrefix = s.name.replace(/[^A-Za-z0-9_-]/g, '-')): ScenarioNotice[] {
  const notices: ScenarioNotice[] = [];
  const handlingOf = (category: string): HandlingSpec => s.handling.byCategory?.[category] ?? s.handling.default;
  const draw = (random: Random, source: string, n: number, at: number, reporter: string, share: CategoryShare, outcomes: Outcomes | undefined, posts: ScenarioPost[]) => {
    const post = posts[Math.floor(random() * posts.length)];
    const h = handlingOf(share.category);
    const spread = h.spread ?? 0.3;
    notices.push({
      at, source, reporterKind: reporter, category: share.category, specification: share.specification ?? [],
      post: { id: `${idPrefix}-${source.replace(/[^A-Za-z0-9_-]/g, '-')}-${n}`, language: post.language, text: post.text },
      outcome: pickOutcome(random, outcomes),
      handlingSeconds: Math.max(1, logNormal(random, h.medianSeconds, spread)),
      seniorHandlingSeconds: Math.max(1, logNormal(random, h.medianSeconds, spread)),
    });
  };
  s.streams.forEach((st, index) => {
    const random = seededRandom(s.seed * 7919 + index + 1);
    const start = st.startMinute * 60;
    const end = st.endMinute * 60;
    const [r0, r1] = typeof st.ratePerHour === 'number' ? [st.ratePerHour, st.ratePerHour] : [st.ratePerHour.start, st.ratePerHour.end];
    const peak = Math.max(r0, r1) / 3600;
    if (peak === 0) return;
    const shares = st.categories.map((c) => ({ value: c, weight: c.weight }));
    // Thinning: candidates at the peak rate, each kept with probability rate(t) ÷ peak.
    let n = 0;
    for (let t = start + exponential(random, 1 / peak); t < end; t += exponential(random, 1 / peak)) {
      const rateNow = (r0 + ((r1 - r0) * (t - start)) / (end - start)) / 3600;
      if (random() * peak >= rateNow) continue;
      draw(random, st.name, ++n, t, st.reporterKind, weighted(random, shares), st.outcomes, st.posts);
    }
  });
  s.batches.forEach((b, index) => {
    const random = seededRandom(s.seed * 7919 + 1000 + index);
    const share = { category: b.category, weight: 1, specification: b.specification };
    for (let n = 1; n <= b.count; n++) draw(random, b.name, n, b.atMinute * 60, b.reporterKind, share, b.outcomes, b.posts);
  });
  return notices.sort((a, b) => a.at - b.at);
}

function pickOutcome(random: Random, outcomes: Outcomes | undefined): ScenarioNotice['outcome'] {
  const o = outcomes ?? { remove: 1 };
  return weighted(random, [
    { value: 'remove' as const, weight: o.remove ?? 0 },
    { value: 'no_violation' as const, weight: o.no_violation ?? 0 },
    { value: 'escalate' as const, weight: o.escalate ?? 0 },
  ]);
}
