import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonWithLines } from './json-lines';
import { ScenarioError, parseScenario, scenarioNotices } from './scenario';

const JANUARY = readFileSync(join(__dirname, '../../../scenarios/january-2021.json'), 'utf8');

/** The problems a text gets, as "line: path: message". */
function problems(text: string): string[] {
  try {
    parseScenario(text, 'x.json');
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

/** The January scenario with one line replaced (the first holding `find`). */
function edited(find: string, replace: string): string {
  const lines = JANUARY.split('\n');
  const i = lines.findIndex((l) => l.includes(find));
  if (i < 0) throw new Error(`no line holds ${find}`);
  lines[i] = lines[i].replace(find, replace);
  return lines.join('\n');
}
const lineOf = (find: string) => JANUARY.split('\n').findIndex((l) => l.includes(find)) + 1;

describe('scenario files', () => {
  it('the shipped January 2021 scenario is valid: a rising background in four languages and a batch of 98 at minute 75', () => {
    const s = parseScenario(JANUARY, 'scenarios/january-2021.json');
    const notices = scenarioNotices(s);
    const batch = notices.filter((n) => n.source === 'hosting provider batch');
    expect(batch).toHaveLength(98);
    expect(new Set(batch.map((n) => n.at))).toEqual(new Set([75 * 60]));
    expect(batch.every((n) => n.reporterKind === 'hosting_provider' && n.category === 'STATEMENT_CATEGORY_VIOLENCE' && n.outcome === 'remove')).toBe(true);
    const background = notices.filter((n) => n.source === 'user notices');
    expect(new Set(background.map((n) => n.post.language))).toEqual(new Set(['en', 'de', 'fr', 'es']));
    // Rising: the last hour brings clearly more than the first (20/h → 70/h, about 28 and 62 expected).
    const inHour = (h: number) => background.filter((n) => n.at >= h * 3600 && n.at < (h + 1) * 3600).length;
    expect(inHour(2)).toBeGreaterThan(inHour(0) * 1.5);
    // Volunteers read about a minute a case.
    const median = [...notices.map((n) => n.handlingSeconds)].sort((a, b) => a - b)[Math.floor(notices.length / 2)];
    expect(median).toBeGreaterThan(45);
    expect(median).toBeLessThan(75);
    expect(new Set(notices.map((n) => n.post.id)).size).toBe(notices.length);
  });

  it('gives the same notices for the same seed, and other ones for another', () => {
    const s = parseScenario(JANUARY);
    expect(scenarioNotices(s)).toEqual(scenarioNotices(parseScenario(JANUARY)));
    expect(scenarioNotices({ ...s, seed: 7 }).map((n) => n.at)).not.toEqual(scenarioNotices(s).map((n) => n.at));
  });

  it('refuses a missing field, naming it and the line of the object that lacks it', () => {
    const text = edited('"reporterKind": "user",', '');
    expect(problems(text)).toEqual([`${lineOf('"name": "user notices"') - 1}: streams[0].reporterKind: is required`]);
  });

  it('refuses a negative rate, naming the field and its line', () => {
    expect(problems(edited('"start": 20', '"start": -5'))).toEqual([`${lineOf('"start": 20')}: streams[0].ratePerHour.start: must be at least 0 (a rate cannot be negative)`]);
    expect(problems(edited('{ "start": 20, "end": 70 }', '-3'))).toEqual([`${lineOf('"ratePerHour"')}: streams[0].ratePerHour: must be at least 0 (a rate cannot be negative)`]);
  });

  it('refuses an unknown category, wherever it is', () => {
    expect(problems(edited('"STATEMENT_CATEGORY_CYBER_VIOLENCE"', '"STATEMENT_CATEGORY_RUDENESS"')))
      .toEqual([`${lineOf('"STATEMENT_CATEGORY_CYBER_VIOLENCE"')}: streams[0].categories[2].category: is not a category: one of the 16 STATEMENT_CATEGORY_* values`]);
    expect(problems(edited('"STATEMENT_CATEGORY_SCAMS_AND_FRAUD": {', '"SCAMS": {')))
      .toEqual([`${lineOf('"STATEMENT_CATEGORY_SCAMS_AND_FRAUD": {')}: handling.byCategory.SCAMS: is not a category: the keys are STATEMENT_CATEGORY_* values`]);
  });

  it('refuses a handling time of zero', () => {
    expect(problems(edited('"medianSeconds": 60, "spread": 0.25', '"medianSeconds": 0, "spread": 0.25')))
      .toEqual([`${lineOf('"medianSeconds": 60, "spread": 0.25')}: handling.default.medianSeconds: must be more than 0 (a handling time of zero is impossible)`]);
  });

  it('lists every problem at once, in line order, and refuses what the schema cannot express', () => {
    expect(problems(edited('"endMinute": 180,', '"endMinute": 240,'))).toEqual([
      `${lineOf('"endMinute": 180,')}: streams[0].endMinute: must be within durationMinutes (180)`,
    ]);
    expect(problems(JANUARY.replace('"atMinute": 75', '"atMinute": 75, "colour": "red"').replace('"seed": 2021', '"seed": -1'))).toEqual([
      `${lineOf('"seed": 2021')}: seed: must be at least 0`,
      `${lineOf('"atMinute": 75')}: batches[0].colour: is not a known field`,
    ]);
  });

  it('names the line and column of a syntax error', () => {
    expect(problems('{\n  "name": "x",\n  "seed": 1,,\n}')).toEqual(['3: : not valid JSON (column 13: expected a field name in double quotes)']);
  });
});

describe('JSON with lines', () => {
  it('maps each field to the line of its key, and each item to the line of its value', () => {
    const { value, lines } = parseJsonWithLines('{\n "a": [\n  1,\n  {"b": true}\n ],\n "c/d": null\n}');
    expect(value).toEqual({ a: [1, { b: true }], 'c/d': null });
    expect(Object.fromEntries(lines)).toEqual({ '': 1, '/a': 2, '/a/0': 3, '/a/1': 4, '/a/1/b': 4, '/c~1d': 6 });
  });

  it('refuses what JSON.parse refuses', () => {
    for (const bad of ['{"a":1,}', '[1,]', '{"a":01}', '{a:1}', '"x', '{"a":1}{', '{"a":1,"a":2}', 'tru']) expect(() => parseJsonWithLines(bad)).toThrow();
  });
});
