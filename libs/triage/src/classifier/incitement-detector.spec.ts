import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import benignPosts from './fixtures/benign-posts.json';
// Pinned by these tests and by training, whose thresholds must keep every one of them flagged.
import pinned from './fixtures/pinned-incitement.json';
import pinnedOrdinary from './fixtures/pinned-ordinary.json';
import modelFile from './model/incitement-v1.json';
import {
  CLASSIFIER,
  DEFAULT_RULE_LEXICONS,
  FLAG_INCITEMENT,
  IncitementDetector,
  MAX_DETECTION_CHARS,
  ModelFile,
  RuleEngine,
  RuleLexicon,
  prepareText,
} from '.';
import { stem } from './stem';

const detector = new IncitementDetector();
const rules = (text: string) => new RuleEngine(DEFAULT_RULE_LEXICONS).analyse(prepareText(text));

describe('IncitementDetector: named rules', () => {
  // Each example pins the rule that must name it in the signals: moderators and auditors read these names.
  it.each(pinned.named.map((p) => [p.text, p.rule]))('%j fires %s', (text, rule) => {
    const signals = detector.classify({ text, language: 'xx' });
    expect(signals.flags).toEqual([FLAG_INCITEMENT]);
    expect(signals.matches.map((m) => m.rule)).toContain(rule);
    expect(signals.matches.every((m) => m.flag === FLAG_INCITEMENT && m.term.length > 0)).toBe(true);
  });

  it('names the model and its version in every result, with its score', () => {
    const flagged = detector.classify({ text: 'Hang the traitors' });
    expect(flagged).toMatchObject({ classifier: 'incitement-v1', model: { version: 'incitement-v1', decidedBy: 'rules' } });
    expect(flagged.model!.score).toBeGreaterThanOrEqual(0);
    expect(flagged.model!.score).toBeLessThanOrEqual(1);
    const plain = detector.classify({ text: 'Lemon cake recipe' });
    expect(plain).toMatchObject({ flags: [], matches: [], classifier: 'incitement-v1', model: { version: 'incitement-v1', decidedBy: null } });
  });

  it('explains a flag the model raised alone with the words that weighed most', () => {
    // A model that flags everything: its decision has no rule behind it, so the match names the model.
    const eager: ModelFile = { ...(modelFile as ModelFile), version: 'eager-test', bias: 50, thresholds: { model: 0.5, rule: 0.5 } };
    const signals = new IncitementDetector(eager).classify({ text: 'the weather is lovely today', language: 'en' });
    expect(signals.flags).toEqual([FLAG_INCITEMENT]);
    expect(signals.matches).toEqual([{ flag: FLAG_INCITEMENT, language: 'en', rule: 'model.eager-test', term: expect.any(String) }]);
    expect(signals.model).toMatchObject({ version: 'eager-test', decidedBy: 'model' });
  });

  it('names a strong rule the model overruled, and flags nothing', () => {
    // A model that flags nothing: the rule still fires, and the signals say so.
    const doubting: ModelFile = { ...(modelFile as ModelFile), version: 'doubting-test', bias: -50, thresholds: { model: 0.9, rule: 0.5 } };
    const signals = new IncitementDetector(doubting).classify({ text: 'Hang the traitors', language: 'en' });
    expect(signals).toMatchObject({ flags: [], matches: [], model: { decidedBy: null }, overruled: [{ rule: 'en.imperative.hang', term: expect.stringContaining('hang') }] });
    expect(detector.classify({ text: 'Hang the traitors' }).overruled).toBeUndefined();
  });

  it('flags every seed of the earlier lexicon (its unit test list)', () => {
    const seeds = pinned.seeds;
    const missed = seeds.filter((text) => detector.classify({ text }).flags.length === 0);
    expect(missed).toEqual([]);
  });
});

describe('IncitementDetector: negative frames protect hard negatives', () => {
  it.each([
    ['Two men were shot dead in Riverton, police said.', 'en.negative.reporting'],
    ['Calling for people to kill the judges is disgusting.', 'en.negative.condemnation'],
    ['Shoot on sight, that\'s how we beat Eastport FC.', 'en.negative.sport'],
    ['In the movie the villain shoots the senator.', 'en.negative.fiction'],
    ['Got 20 kills in Warzone, we wiped the enemy squad and shot everyone on the roof.', 'en.negative.gaming'],
    ['Politicians who lied should hang their heads in shame.', 'en.negative.idiom'],
    ['Peaceful march to city hall tomorrow, we will storm the steps with songs, no weapons.', 'en.negative.protest'],
    ['Zwei Männer wurden in Nordstadt erschossen, teilte die Polizei mit.', 'de.negative.reporting'],
    ['Aufrufe, die Grünen zu töten, sind widerlich.', 'de.negative.condemnation'],
    ['Selon la police, le suspect a tiré sur deux policiers avant de prendre la fuite.', 'fr.negative.reporting'],
    ['La pena de muerte a los violadores es un debate que vuelve cada año.', 'es.negative.idiom'],
  ])('%j is not flagged (%s)', (text, veto) => {
    const signals = detector.classify({ text });
    expect(signals.flags).toEqual([]);
    expect(rules(text).vetoes).toContain(veto);
    expect(signals.negativeFrames).toContain(veto);
  });

  it.each([
    'Kill the lights and start the movie, I\'m ready.',
    'Beat the eggs and fold in the flour.',
    'Deer season: shoot the buck behind the shoulder.',
    'Got fairy lights for the balcony, gonna string them up across the railing tonight.',
    'Hängt die grünen Vorhänge im Wohnzimmer auf, die passen besser.',
    'Il faut pendre le linge dehors tant qu\'il fait beau.',
    'Colguemos la ropa al sol antes de que llueva.',
  ])('%j: a violent verb without a human target is not a call', (text) => {
    expect(detector.classify({ text }).flags).toEqual([]);
  });

  it('flags none of the ordinary posts the product\'s tests file (spam, small talk)', () => {
    const flagged = pinnedOrdinary.filter(({ text, language }) => detector.classify({ text, language }).flags.length > 0).map((p) => p.text);
    expect(flagged).toEqual([]);
  });

  it('flags none of the earlier lexicon\'s benign corpus', () => {
    expect(benignPosts.length).toBeGreaterThanOrEqual(60);
    const flagged = benignPosts.filter(({ text, language }) => detector.classify({ text, language }).flags.length > 0).map((p) => p.text);
    expect(flagged).toEqual([]);
  });
});

describe('IncitementDetector: bad input gets a result', () => {
  const big = 'a'.repeat(1024 * 1024);
  it.each([
    ['empty', ''],
    ['blank', ' \n\t '],
    ['emoji only', '🔥🔥🔫💀🪢'],
    ['1 MB of one letter', big],
    ['1 MB of words', 'kill '.repeat(200_000)],
    ['mixed scripts', 'Убить всех 殺す الموت kill τους προδότες 🔫'],
    ['binary-looking', Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['lone surrogates and NUL', '\uD800\uDFFF\uDC00 \u0000 kill \uFFFF'],
    ['invisible characters only', '\u200B\u200C\u200D\uFEFF\u2060'],
  ])('%s', (_, text) => {
    const signals = detector.classify({ text });
    expect(signals.classifier).toBe('incitement-v1');
    expect(Array.isArray(signals.flags)).toBe(true);
    expect(signals.error).toBeUndefined();
  });

  it('reads a long post up to MAX_DETECTION_CHARS and says so', () => {
    const signals = detector.classify({ text: `Hang the traitors. ${'x'.repeat(MAX_DETECTION_CHARS)}` });
    expect(signals).toMatchObject({ flags: [FLAG_INCITEMENT], truncated: true });
    expect(detector.classify({ text: 'short' }).truncated).toBeUndefined();
  });

  it('treats a non-string as empty', () => {
    expect(detector.classify({ text: undefined as unknown as string }).flags).toEqual([]);
  });

  it('is deterministic', () => {
    const text = 'Somebody should just kill the mayor already.';
    expect(detector.classify({ text })).toEqual(detector.classify({ text }));
  });
});

describe('prepareText: what the detector undoes', () => {
  const words = (text: string) => prepareText(text).tokens.map((t) => t.text);
  it.each([
    ['hashtags', '#HangTheTraitors now', ['hang', 'the', 'traitors', 'now']],
    ['leetspeak', 'k1ll th3m, $h00t', ['kill', 'them', 'shoot']],
    ['spaced letters', 'k.i.l.l them', ['kill', 'them']],
    ['repeated letters', 'kiiiiill', ['kiill']],
    ['accents and capitals', 'HÄNGT DIE VERRÄTER', ['hangt', 'die', 'verrater']],
    ['weapon emoji', 'judge 🔫', ['judge', 'xgun']],
    ['punctuation after a word is not leetspeak', 'traitors!!!', ['traitors']],
    ['numbers stay numbers', '1488 and 2026', ['1488', 'and', '2026']],
  ])('%s', (_, text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('keeps sentences and clauses apart', () => {
    const tokens = prepareText('One, two. Three').tokens;
    expect(tokens.map((t) => [t.text, t.sentence, t.clauseStart])).toEqual([['one', 0, true], ['two', 0, true], ['three', 1, true]]);
  });
});

describe('stemmers: verb families meet at one stem', () => {
  it.each([
    ['en', ['kill', 'kills', 'killed', 'killing']],
    ['en', ['execute', 'executed', 'executes']],
    ['de', ['toten', 'totet', 'tote']],
    ['de', ['erschiessen', 'erschiesst']],
    ['fr', ['tuer', 'tuez', 'tuons']],
    ['fr', ['pendre', 'pendez', 'pendu']],
    ['es', ['matar', 'matad', 'matenlos', 'matarlos']],
    ['es', ['colgar', 'colgad', 'cuelguen']],
  ] as const)('%s %j', (language, forms) => {
    expect(new Set(forms.map((f) => stem(language, f))).size).toBe(1);
  });
});

describe('rule lexicons', () => {
  it('are registered under the CLASSIFIER token by the module, one per language', () => {
    expect(typeof CLASSIFIER).toBe('symbol');
    expect(DEFAULT_RULE_LEXICONS.map((l) => l.language)).toEqual(['en', 'de', 'fr', 'es']);
  });

  it('refuse words that are not folded, since they could never match', () => {
    const bad: RuleLexicon = { ...DEFAULT_RULE_LEXICONS[0], acts: { kill: ['Kill'] } };
    expect(() => new RuleEngine([bad])).toThrow(/not folded/);
    const badPhrase: RuleLexicon = { ...DEFAULT_RULE_LEXICONS[0], frames: { should: ['sollte gehängt'] } };
    expect(() => new RuleEngine([badPhrase])).toThrow(/not folded/);
  });

  it('ship a model file that matches the code', () => {
    const file = JSON.parse(readFileSync(join(__dirname, 'model/incitement-v1.json'), 'utf8')) as ModelFile;
    expect(file).toMatchObject({ version: 'incitement-v1', dimensions: 1 << 18 });
    expect(file.thresholds.rule).toBeLessThanOrEqual(file.thresholds.model);
    expect(() => new IncitementDetector({ ...file, dimensions: 1024 })).toThrow(/dimensions/);
  });
});
