import { createHash } from 'node:crypto';
import benignPosts from './fixtures/benign-posts.json';
import {
  CLASSIFIER,
  DEFAULT_LEXICONS,
  EMPTY_FINGERPRINT,
  FLAG_INCITEMENT,
  Lexicon,
  LexiconClassifier,
  fingerprint,
  isEmptyContent,
  normalizeText,
} from '.';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const ZWSP = '\u200B';

describe('normalizeText / fingerprint', () => {
  it('normalises case, marks, punctuation, symbols, invisible characters and whitespace', () => {
    expect(normalizeText(`  Héllo,${ZWSP} WÖRLD!! 🔥\n\t`)).toBe('hello world');
    expect(normalizeText('Straße ẞ')).toBe('strasse ss');
    expect(normalizeText('ＨＥＬＬＯ　ｗｏｒｌｄ ﬁne')).toBe('hello world fine');
  });

  it('is pinned: stored fingerprints must survive releases', () => {
    expect(fingerprint('Hello, World!')).toBe(sha256('hello world'));
    expect(fingerprint('Hello, World!')).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['case', 'Hello World', 'hELLO wORLD'],
    ['whitespace', 'hello world', '  hello \n\t  world  '],
    ['punctuation', 'hello world', '¡¿"hello", world...!?'],
    ['symbols and emoji', 'hello world', 'hello 🔥 world ✨ $'],
    ['diacritics', 'Crème brûlée à la française', 'creme brulee a la francaise'],
    ['ß', 'Straße', 'STRASSE'],
    ['zero-width characters', 'hello world', `hel${ZWSP}lo wor\u2060ld\uFEFF\u200C\u200D`],
    ['fullwidth (NFKC)', 'hello world', 'ＨＥＬＬＯ　ＷＯＲＬＤ'],
    ['ligatures (NFKC)', 'fine', 'ﬁne'],
    ['composed vs decomposed', 'café', 'cafe\u0301'],
    ['Arabic harakat', 'مرحبا', 'مَرْحَبًا'],
  ])('ignores %s', (_, a, b) => {
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  it('distinguishes different words', () => {
    expect(fingerprint('hello world')).not.toBe(fingerprint('hello word'));
    expect(fingerprint('kill the lights')).not.toBe(fingerprint('kill the traitors'));
  });

  it('keeps non-Latin letters meaningful', () => {
    const arabic = 'مرحبا بالعالم';
    const hebrew = 'שלום עולם';
    const chinese = '你好世界';
    const korean = '안녕하세요 세계';
    const all = [arabic, hebrew, chinese, '再见世界', korean].map(fingerprint);
    expect(new Set([...all, EMPTY_FINGERPRINT]).size).toBe(all.length + 1);
    expect(fingerprint(` ${arabic}! `)).toBe(fingerprint(arabic));
    expect(fingerprint(`${hebrew}.`)).toBe(fingerprint(hebrew));
    expect(normalizeText(korean)).toBe(korean);
  });

  it('tells empty content apart', () => {
    expect(EMPTY_FINGERPRINT).toBe(sha256(''));
    for (const text of ['', '   \n', '!!!', '🔥🔥🔥', `${ZWSP}\uFEFF`]) {
      expect(isEmptyContent(text)).toBe(true);
      expect(fingerprint(text)).toBe(EMPTY_FINGERPRINT);
    }
    expect(isEmptyContent('ok')).toBe(false);
  });
});

describe('LexiconClassifier', () => {
  const classifier = new LexiconClassifier();

  it('is a Classifier registered under the CLASSIFIER token', () => {
    expect(typeof CLASSIFIER).toBe('symbol');
    expect(classifier.name).toBe('lexicon');
    expect(classifier.classify({ text: 'hello' })).toEqual({ flags: [], matches: [], classifier: 'lexicon' });
  });

  const seeds: Array<[string, string]> = [
    ['en', "Kill'em all"],
    ['en', 'Hang Mike Pence'],
    ['en', 'KILL THEM ALL!!! 🔥🔥'],
    ['en', 'hAnG tHe TrAiToRs'],
    ['en', 'Patriots, take up arms.'],
    ['en', 'Tomorrow we storm the Capitol!!'],
    ['en', 'Grab your guns, we march on DC at dawn'],
    ['en', 'The only good democrat is a dead democrat'],
    ['en', 'ＳＨＯＯＴ ＥＶＥＲＹ ＴＲＡＩＴＯＲ'],
    ['en', `exe${ZWSP}cute the judges`],
    ['en', "String 'em up."],
    ['en', 'Bring the rope 🪢'],
    ['en', 'Lock and load, patriots... we march on the capitol Jan 6'],
    ['en', 'k.i.l.l them all'],
    ['en', 'To arms, patriots!'],
    ['de', 'Nur ein toter Demokrat ist ein guter Demokrat'],
    ['de', 'HÄNGT DIE VERRÄTER!!!'],
    ['de', 'Haengt die Verraeter'],
    ['de', 'Knallt sie ab! 🔫'],
    ['de', 'Bürger, zu den Waffen!'],
    ['de', 'Stürmt den Reichstag!'],
    ['de', 'Tötet die Ungläubigen'],
    ['de', 'Alle Volksverräter aufhängen!!'],
    ['de', `Merkel${ZWSP} aufhängen`],
    ['fr', 'Tuez-les tous !'],
    ['fr', 'Pendez les traîtres'],
    ['fr', 'AUX ARMES !!!'],
    ['fr', 'Il faut les fusiller.'],
    ['fr', 'Prenez les armes, patriotes'],
    ['fr', 'À mort les flics 🔥'],
    ['fr', 'Le seul bon flic est un flic mort'],
    ['fr', 'Ｔｕｅｚ-ｌｅｓ ｔｏｕｓ'],
    ['fr', `pen${ZWSP}dez les tra-î-tres !!`],
    ['es', '¡Mátenlos a todos!'],
    ['es', 'Colguemos a los traidores'],
    ['es', '¡A las armas, compatriotas!'],
    ['es', 'Hay que fusilarlos'],
    ['es', 'Muerte a los comunistas'],
    ['es', 'El único comunista bueno es el comunista muerto'],
    ['es', 'MUERTE A LOS TRAIDORES!!!'],
    ['es', `hay que fusi${ZWSP}larlos 🔫`],
  ];

  it.each(seeds)('flags [%s] %j', (language, text) => {
    // The declared language is deliberately wrong: every lexicon runs regardless.
    const signals = classifier.classify({ text, language: 'xx' });
    expect(signals.flags).toEqual([FLAG_INCITEMENT]);
    expect(signals.matches.length).toBeGreaterThan(0);
    expect(signals.matches.map((m) => m.language)).toEqual(signals.matches.map(() => language));
  });

  it('covers at least eight seeds per language', () => {
    for (const language of ['en', 'de', 'fr', 'es']) {
      expect(seeds.filter(([l]) => l === language).length).toBeGreaterThanOrEqual(8);
    }
  });

  it('reports the matched passage in normalised form', () => {
    expect(classifier.classify({ text: 'HANG. MIKE. PENCE!!!', language: 'en' }).matches).toEqual([
      { flag: FLAG_INCITEMENT, language: 'en', term: 'hang mike pence' },
    ]);
  });

  it('flags none of the benign corpus', () => {
    expect(benignPosts.length).toBeGreaterThanOrEqual(60);
    const flagged = benignPosts
      .map(({ text, language }) => ({ text, matches: classifier.classify({ text, language }).matches }))
      .filter(({ matches }) => matches.length > 0);
    expect(flagged).toEqual([]);
  });
});

describe('lexicon data', () => {
  it.each(DEFAULT_LEXICONS.map((l) => [l.language, l] as const))('%s compiles and flags incitement', (_, lexicon) => {
    expect(lexicon.flag).toBe(FLAG_INCITEMENT);
    expect(() => new LexiconClassifier([lexicon])).not.toThrow();
  });

  const lexicon = (pattern: string, sets?: Record<string, string>): Lexicon => ({
    language: 'en',
    flag: FLAG_INCITEMENT,
    sets,
    patterns: [{ id: 'p', pattern }],
  });

  it.each([
    ['an unknown set', lexicon('kill {nobody}'), /unknown set \{nobody\}/],
    ['a set that refers to itself', lexicon('{a}', { a: 'x|{a}' }), /nest too deeply/],
    ['an invalid regular expression', lexicon('kill (them'), /pattern p/],
    ['a pattern not in normalised form', lexicon('Hängt'), /not in normalised form: H ä/],
  ])('rejects %s', (_, bad, message) => {
    expect(() => new LexiconClassifier([bad])).toThrow(message);
  });

  it('rejects duplicate pattern ids', () => {
    const bad = { ...lexicon('a'), patterns: [{ id: 'p', pattern: 'a' }, { id: 'p', pattern: 'b' }] };
    expect(() => new LexiconClassifier([bad])).toThrow(/duplicate id/);
  });
});
