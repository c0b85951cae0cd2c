import type { PreparedText, Token } from '../detection-text';
import { Language, stem } from '../stem';
import { PhraseMatch, PhraseSet } from './phrases';
import type { RuleLexicon } from './rule-lexicon';

/**
 * A rule that fired. `strong`: a violent act aimed at a target in a calling or threatening frame, a slogan, coded
 * language, a call to arms: flags the post by itself. `weak`: a violent act aimed at a target with no frame
 * either way; the model decides (see IncitementDetector).
 */
export interface RuleFinding {
  /** Stable name shown to moderators and auditors: `<language>.<frame>.<act>`, e.g. `en.should.hang`. */
  rule: string;
  language: Language;
  strength: 'strong' | 'weak';
  /** The tokens from the first to the last part of the finding, folded. */
  term: string;
}

export interface RuleAnalysis {
  findings: RuleFinding[];
  /** Negative frames that voided a finding, by name (`en.negative.reporting`…), for the audit trail. */
  vetoes: string[];
  /** Structure the model reads beside the n-grams (`R:act`, `R:frame:should`, `R:veto:sport`…). */
  features: string[];
}

type TargetKind = 'group' | 'title' | 'person' | 'pronoun' | 'place' | 'name' | 'emoji';

interface Target {
  index: number;
  kind: TargetKind;
}

interface Negatives {
  sentences: Map<number, string>;
  topics: Set<string>;
}

interface Act {
  family: string;
  start: number;
  end: number;
  /** A word that holds its own target (#hangtheleftists). */
  target?: Target;
  /** The act's own part of such a word (hang). */
  form?: string;
}

const AND = new Set(['and', 'und', 'et', 'y']);
const FILLERS = ['the', 'all', 'los', 'las', 'les', 'die', 'den', 'der', 'alle'];
const WEAPON_EMOJI = new Set(['xgun', 'xknife', 'xaxe', 'xrope', 'xbomb', 'xcoffin', 'xblood']);
const TARGET_AFTER = 10;
const TARGET_BEFORE = 7;
const SHORT_POST = 12;
const HUMAN: ReadonlySet<TargetKind> = new Set(['group', 'title', 'person', 'name']);

/** A language's lexicon, compiled: stem indexes and phrase sets. */
class CompiledLanguage {
  readonly language: Language;
  private readonly stopwords: Set<string>;
  private readonly acts = new Map<string, string>();
  private readonly squeezedActs = new Map<string, string>();
  /** Unstemmed act forms by their first three letters, longest first, for words run together in hashtags (#hangthetraitors). */
  private readonly actForms = new Map<string, [string, string][]>();
  /** Function words: how much a post looks like this language. */
  readonly functionWords: Set<string>;
  private readonly actPhrases: PhraseSet<string>;
  private readonly placeActs: Set<string>;
  private readonly groups = new Set<string>();
  private readonly squeezedGroups = new Set<string>();
  private readonly titles = new Set<string>();
  private readonly persons: Set<string>;
  private readonly pronouns: Set<string>;
  private readonly places = new Set<string>();
  private readonly weapons = new Set<string>();
  private readonly things = new Set<string>();
  private readonly frames: PhraseSet<string>;
  private readonly leadIns: Set<string>;
  private readonly slogans: PhraseSet<string>;
  private readonly coded: PhraseSet<string>;
  private readonly codedWithTarget: PhraseSet<string>;
  private readonly codedOpening: PhraseSet<string>;
  private readonly gather: PhraseSet<string>;
  private readonly negativeSentence: PhraseSet<string>;
  private readonly negativePost: PhraseSet<string>;
  private readonly imperative: RegExp;
  private readonly clauseFinalInfinitive?: RegExp;
  private readonly encliticTarget?: RegExp;

  constructor(lexicon: RuleLexicon) {
    const l = (this.language = lexicon.language);
    const s = (w: string) => stem(l, w);
    this.stopwords = new Set(lexicon.stopwords);
    this.functionWords = new Set(lexicon.stopwords.filter((w) => w.length > 1));
    for (const [family, forms] of Object.entries(lexicon.acts)) {
      for (const form of forms) {
        assertFolded(l, form);
        this.acts.set(s(form), family);
        this.squeezedActs.set(s(form).replace(/(\p{L})\1/gu, '$1'), family);
        if (form.length >= 4) {
          const key = form.slice(0, 3);
          this.actForms.set(key, [...(this.actForms.get(key) ?? []), [form, family]]);
        }
      }
    }
    for (const forms of this.actForms.values()) forms.sort((a, b) => b[0].length - a[0].length);
    this.actPhrases = phraseSet(l, lexicon.actPhrases, true);
    this.placeActs = new Set(lexicon.placeActs);
    const lists = [lexicon.stopwords, lexicon.targets.groups, lexicon.targets.titles, lexicon.targets.persons, lexicon.targets.pronouns, lexicon.targets.places,
      lexicon.weapons, lexicon.things, lexicon.leadIns];
    for (const list of lists) for (const w of list) assertFolded(l, w);
    for (const w of lexicon.targets.groups) {
      this.groups.add(s(w));
      this.squeezedGroups.add(squeeze(s(w)));
    }
    for (const w of lexicon.targets.titles) this.titles.add(s(w));
    this.persons = new Set(lexicon.targets.persons);
    this.pronouns = new Set(lexicon.targets.pronouns);
    for (const w of lexicon.targets.places) this.places.add(s(w));
    for (const w of lexicon.weapons) this.weapons.add(s(w));
    for (const w of lexicon.things) this.things.add(s(w));
    this.frames = phraseSet(l, lexicon.frames);
    this.leadIns = new Set(lexicon.leadIns);
    this.slogans = phraseSet(l, lexicon.slogans);
    this.coded = phraseSet(l, lexicon.coded);
    this.codedWithTarget = phraseSet(l, lexicon.codedWithTarget);
    this.codedOpening = phraseSet(l, lexicon.codedOpening);
    this.gather = phraseSet(l, { gather: lexicon.gather });
    this.negativeSentence = phraseSet(l, lexicon.negative.sentence);
    this.negativePost = phraseSet(l, lexicon.negative.post);
    this.imperative = lexicon.imperative;
    this.clauseFinalInfinitive = lexicon.clauseFinalInfinitive;
    this.encliticTarget = lexicon.encliticTarget;
  }

  stems(prepared: PreparedText): string[] {
    return prepared.tokens.map((t) => (this.stopwords.has(t.text) ? `\0${t.text}` : stem(this.language, t.text)));
  }

  /** This language's negative frames in the post: sentences voided (by index) and topics. */
  negatives(prepared: PreparedText, stems: string[], into: Negatives): void {
    const { tokens } = prepared;
    for (const m of this.negativeSentence.matchAll(tokens, stems)) {
      if (!into.sentences.has(tokens[m.start].sentence)) into.sentences.set(tokens[m.start].sentence, m.payload);
    }
    for (const m of this.negativePost.matchAll(tokens, stems)) into.topics.add(m.payload);
  }

  analyse(prepared: PreparedText, stems: string[], negatives: Negatives, out: RuleAnalysis): void {
    const { tokens } = prepared;
    if (tokens.length === 0) return;
    const l = this.language;

    // Targets, and whether the post speaks of people at all (then "them" means people).
    const targets: Target[] = [];
    let humans = 0;
    let things = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (this.stopwords.has(t.text)) {
        if (this.pronouns.has(t.text)) targets.push({ index: i, kind: 'pronoun' });
        else if (this.persons.has(t.text)) targets.push({ index: i, kind: 'person' });
        continue;
      }
      const st = stems[i];
      let kind: TargetKind | null = null;
      if (this.groups.has(st)) kind = 'group';
      else if (this.titles.has(st)) kind = 'title';
      else if (this.persons.has(t.text)) kind = 'person';
      else if (this.pronouns.has(t.text)) kind = 'pronoun';
      else if (this.places.has(st)) kind = 'place';
      else if (t.capitalised && l !== 'de' && t.text.length > 2 && !this.acts.has(st)) kind = 'name';
      else if (t.squeezed !== t.text) {
        const sq = stem(l, t.squeezed);
        if (this.groups.has(sq) || this.squeezedGroups.has(squeeze(sq))) kind = 'group';
        else if (this.titles.has(sq)) kind = 'title';
      }
      // An article run into its noun in a hashtag (#KillTheofficials, #MatadALosrojos).
      if (!kind && t.text.length >= 6) {
        const filler = FILLERS.find((f) => t.text.startsWith(f) && t.text.length - f.length >= 3);
        const rest = filler ? t.text.slice(filler.length) : '';
        if (filler && (this.groups.has(stem(l, rest)) || this.squeezedGroups.has(squeeze(stem(l, squeeze(rest)))))) kind = 'group';
      }
      // "die grünen Vorhänge": a group word before a thing describes the thing.
      if (kind === 'group' && i + 1 < tokens.length && this.things.has(stems[i + 1])) kind = null;
      if (kind) targets.push({ index: i, kind });
      if (kind && HUMAN.has(kind)) humans++;
      if (this.things.has(st)) things++;
    }
    const peopleInPost = humans > 0 || things === 0;

    // Negative frames, of every language read.
    const vetoedSentences = negatives.sentences;
    const topics = negatives.topics;

    // Frames, by sentence.
    const frames = this.frames.matchAll(tokens, stems);
    for (const f of frames) out.features.push(`R:frame:${f.payload}`);
    // The concepts the post speaks of, for the model: what generalises past the phrasings the rules know.
    for (const t of targets) out.features.push(`R:target:${t.kind}`);
    for (const topic of topics) out.features.push(`R:topic:${topic}`);
    for (const cue of new Set(vetoedSentences.values())) out.features.push(`R:cue:${cue}`);

    const findings: RuleFinding[] = [];
    const veto = (sentence: number): string | null => {
      const v = vetoedSentences.get(sentence);
      if (v) return v;
      for (const topic of topics) return topic;
      return null;
    };
    const report = (name: string, strength: 'strong' | 'weak', start: number, end: number, sentence: number, coded = false) => {
      const v = coded ? vetoedSentences.get(sentence) ?? null : veto(sentence);
      if (v) {
        out.vetoes.push(`${l}.negative.${v}`);
        out.features.push(`R:veto:${v}`);
        return;
      }
      findings.push({ rule: `${l}.${name}`, language: l, strength, term: span(tokens, start, end) });
    };

    // Violent acts: single words by stem (squeezed as a fallback), and phrases.
    const acts: Act[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (this.stopwords.has(tokens[i].text)) continue;
      // German verbs are written in lower case inside a sentence: a capitalised one is a noun (die Toten, das Töten).
      if (l === 'de' && tokens[i].capitalised) continue;
      const family = this.acts.get(stems[i]) ?? this.squeezedActs.get(stem(l, tokens[i].squeezed).replace(/(\p{L})\1/gu, '$1'));
      if (family) {
        const enclitic = this.encliticTarget?.exec(tokens[i].text);
        const target: Target | undefined = enclitic && peopleInPost ? { index: i, kind: /s$/.test(enclitic[0]) ? 'pronoun' : 'person' } : undefined;
        acts.push({ family, start: i, end: i, target });
      } else if (tokens[i].text.length >= 8) {
        const compound = this.compound(tokens[i].text);
        if (compound) acts.push({ family: compound.family, start: i, end: i, target: { index: i, kind: 'group' }, form: compound.form });
      }
    }
    for (const m of this.actPhrases.matchAll(tokens, stems)) acts.push({ family: m.payload, start: m.start, end: m.end });
    if (acts.length) out.features.push('R:act');
    for (const act of acts) {
      out.features.push(`R:act:${act.family}`);
      if (frames.some((f) => tokens[f.start].sentence === tokens[act.start].sentence)) out.features.push('R:frame+act');
    }

    for (const act of acts) {
      const sentence = tokens[act.start].sentence;
      const target = act.target ?? this.targetFor(act, tokens, targets, peopleInPost) ?? this.shortCommandTarget(act, tokens, stems);
      if (!target) continue;
      out.features.push(`R:act+target:${target.kind}`);
      const frame = this.frameFor(act, tokens, stems, frames);
      const from = Math.min(act.start, target.index, frame?.start ?? act.start);
      const to = Math.max(act.end, target.index);
      if (frame) report(`${frame.name}.${act.family}`, 'strong', from, to, sentence);
      else report(`act+target.${act.family}`, 'weak', from, to, sentence);
    }

    // Slogans (death to…, the only good … is a dead …) need a human target in their sentence.
    for (const m of this.slogans.matchAll(tokens, stems)) {
      const sentence = tokens[m.start].sentence;
      const target = targets.find((t) => HUMAN.has(t.kind) && tokens[t.index].sentence === sentence && t.index > m.start - 3 && t.index <= m.end + 4);
      if (target) report(`slogan.${m.payload}`, 'strong', Math.min(m.start, target.index), Math.max(m.end, target.index), sentence, true);
    }
    // Coded language.
    for (const m of this.coded.matchAll(tokens, stems)) {
      report(`coded.${m.payload}`, 'strong', m.start, m.end, tokens[m.start].sentence, true);
    }
    for (const m of this.codedOpening.matchAll(tokens, stems)) {
      if (this.opensClause(tokens, m.start)) report(`coded.${m.payload}`, 'strong', m.start, m.end, tokens[m.start].sentence);
    }
    const humanTargets = targets.filter((t) => HUMAN.has(t.kind) || (t.kind === 'pronoun' && peopleInPost));
    for (const m of this.codedWithTarget.matchAll(tokens, stems)) {
      if (humanTargets.length) report(`coded.${m.payload}`, 'strong', m.start, m.end, tokens[m.start].sentence, true);
    }
    // A call to arms: gathering with weapons, and someone or somewhere to take them to.
    const weaponAt = tokens.findIndex((t, i) => !this.stopwords.has(t.text) && this.weapons.has(stems[i]));
    if (weaponAt >= 0) {
      out.features.push('R:weapon');
      for (const m of this.gather.matchAll(tokens, stems)) {
        const near = Math.abs(weaponAt - m.end) <= 4;
        const aim = targets.find((t) => (HUMAN.has(t.kind) || t.kind === 'place') && tokens[t.index].sentence <= tokens[m.start].sentence + 1)
          ?? tokens.find((t) => t.emoji && WEAPON_EMOJI.has(t.text));
        if (near && aim) report('call-to-arms', 'strong', Math.min(m.start, weaponAt), Math.max(m.end, weaponAt), tokens[m.start].sentence);
      }
    }
    // A threatening frame with a weapon and a person or group close by: we are coming for them, with knives.
    if (weaponAt >= 0) {
      for (const f of frames) {
        if (f.payload === 'should' || f.payload === 'time-to' || f.payload === 'lets') continue;
        const s = tokens[f.start].sentence;
        const weapon = tokens.findIndex((t, i) => Math.abs(t.sentence - s) <= 1 && !this.stopwords.has(t.text) && this.weapons.has(stems[i]));
        const target = targets.find((t) => HUMAN.has(t.kind) && Math.abs(tokens[t.index].sentence - s) <= 1);
        if (weapon >= 0 && target) {
          report(`threat.weapon`, 'strong', Math.min(f.start, weapon), Math.max(f.end, weapon), tokens[weapon].sentence);
          break;
        }
      }
    }
    // Weapon emoji beside a person or group: a short post is a threat, a longer one is left to the model.
    for (let i = 0; i < tokens.length; i++) {
      if (!tokens[i].emoji || !WEAPON_EMOJI.has(tokens[i].text)) continue;
      out.features.push('R:weapon-emoji');
      const target = targets.find((t) => HUMAN.has(t.kind) && Math.abs(t.index - i) <= 4);
      if (target) {
        const words = tokens.filter((t) => !t.emoji).length;
        const sentence = vetoedSentences.has(tokens[target.index].sentence) ? tokens[target.index].sentence : tokens[i].sentence;
        report('emoji.weapon', words <= SHORT_POST ? 'strong' : 'weak', Math.min(i, target.index), Math.max(i, target.index), sentence);
      }
    }
    out.findings.push(...findings);
  }

  /** A violent act run together with its target (hangleftists, killthetraitors, totetdieverrater): the act's family. */
  private compound(word: string): { family: string; form: string } | null {
    for (const [form, family] of this.actForms.get(word.slice(0, 3)) ?? []) {
      if (!word.startsWith(form)) continue;
      let rest = word.slice(form.length);
      for (const filler of ['all', 'the', 'them', 'die', 'alle', 'les', 'tous', 'los', 'a', 'al', 'alos']) {
        if (rest.startsWith(filler) && rest.length - filler.length >= 4 && this.groups.has(stem(this.language, rest.slice(filler.length)))) rest = rest.slice(filler.length);
      }
      if (rest.length >= 3 && this.groups.has(stem(this.language, rest))) return { family, form };
    }
    return null;
  }

  /** The target of an act: the nearest after it in its sentence, else the nearest before it. */
  private targetFor(act: Act, tokens: Token[], targets: Target[], peopleInPost: boolean): Target | undefined {
    const sentence = tokens[act.start].sentence;
    let best: Target | undefined;
    let bestDistance = Infinity;
    for (const t of targets) {
      if (tokens[t.index].sentence !== sentence) continue;
      // Inside a phrase only between its words (stellt die Verräter an die Wand), never on the act's first word.
      if (t.index === act.start || (t.index >= act.start && t.index <= act.end && act.end === act.start)) continue;
      if (t.kind === 'pronoun' && !peopleInPost) continue;
      if (t.kind === 'place' && !this.placeActs.has(act.family)) continue;
      if (t.index > act.start && t.index <= act.end) return t;
      if (t.kind === 'pronoun' && !peopleInPost) continue;
      if (t.kind === 'place' && !this.placeActs.has(act.family)) continue;
      const after = t.index > act.end;
      const distance = after ? t.index - act.end : act.start - t.index;
      if (distance > (after ? TARGET_AFTER : TARGET_BEFORE)) continue;
      // People first, then places; nearer first; after the act before before it.
      const score = distance + (after ? 0 : 0.5) + (t.kind === 'place' ? 20 : t.kind === 'pronoun' ? 3 : 0);
      if (score < bestDistance) {
        best = t;
        bestDistance = score;
      }
    }
    return best;
  }

  /** The calling or threatening frame of an act: a frame phrase before it in its sentence, or a command. */
  private frameFor(act: Act, tokens: Token[], stems: string[], frames: PhraseMatch<string>[]): { name: string; start: number } | null {
    const sentence = tokens[act.start].sentence;
    let found: { name: string; start: number } | null = null;
    for (const f of frames) {
      if (tokens[f.start].sentence !== sentence) continue;
      // Before the act (should be shot, we will hang), or right after it (German and French inversions: töten wir).
      if (f.end < act.start || (f.start > act.end && f.start - act.end <= 2 && f.payload === 'we-will')) {
        if (!found || f.start > found.start) found = { name: f.payload, start: f.start };
      }
    }
    if (found) return found;
    // A command: the act opens its clause, perhaps after a lead-in (go, now, patriots…), in an imperative form.
    if (this.isShortCommand(act, tokens)) return { name: 'imperative', start: act.start };
    const form = act.form ?? tokens[act.start].text;
    if (this.opensClause(tokens, act.start) && (this.imperative.test(form) || this.imperative.test(tokens[act.start].squeezed))) return { name: 'imperative', start: act.start };
    void stems;
    return null;
  }

  /** German: an infinitive closing a clause of at most five words (Alle Volksverräter aufhängen!). */
  private isShortCommand(act: Act, tokens: Token[]): boolean {
    if (!this.clauseFinalInfinitive || !this.clauseFinalInfinitive.test(tokens[act.end].text)) return false;
    const clause = tokens[act.end].clause;
    if (act.end + 1 < tokens.length && tokens[act.end + 1].clause === clause && !tokens[act.end + 1].emoji) return false;
    let size = 0;
    for (let i = act.end; i >= 0 && tokens[i].clause === clause; i--) size++;
    return size <= 5;
  }

  /** In such a short command, the word before the verb is its object even when the lexicon does not know it (Merkel aufhängen). */
  private shortCommandTarget(act: Act, tokens: Token[], stems: string[]): Target | undefined {
    const before = act.start - 1;
    if (before < 0 || !this.isShortCommand(act, tokens) || tokens[before].clause !== tokens[act.start].clause) return undefined;
    const thing = this.things.has(stems[before]) || this.things.has(stem(this.language, tokens[before].squeezed));
    if (this.stopwords.has(tokens[before].text) || thing || tokens[act.start].clause !== tokens[act.end].clause) return undefined;
    const clauseSize = tokens.filter((t) => t.clause === tokens[act.start].clause).length;
    return clauseSize <= 3 ? { index: before, kind: 'name' } : undefined;
  }

  /**
   * Token i opens its clause, perhaps after lead-ins (go, now, patriots…) or emoji, or follows a coordinating
   * "and" after a command (drag them out and beat them).
   */
  private opensClause(tokens: Token[], at: number): boolean {
    const clause = tokens[at].clause;
    let i = at - 1;
    while (i >= 0 && tokens[i].clause === clause && (this.leadIns.has(tokens[i].text) || tokens[i].emoji)) i--;
    if (i < 0 || tokens[i].clause !== clause) return true;
    return AND.has(tokens[i].text) && i > 0 && tokens[i - 1].clause === clause && this.commandBefore(tokens, i);
  }

  /** A command opens the clause that an "and" at index `and` continues. */
  private commandBefore(tokens: Token[], and: number): boolean {
    const clause = tokens[and].clause;
    let start = and - 1;
    while (start > 0 && tokens[start - 1].clause === clause) start--;
    return this.imperative.test(tokens[start].text) && !this.stopwords.has(tokens[start].text);
  }
}

function phraseSet(language: Language, byName: Record<string, string[]>, stemmed = false): PhraseSet<string> {
  const set = new PhraseSet<string>(language, stemmed);
  for (const [name, phrases] of Object.entries(byName)) for (const p of phrases) set.add(p, name);
  return set;
}

function assertFolded(language: Language, word: string): void {
  if (!/^[a-z0-9]+$/.test(word)) throw new Error(`${language}: "${word}" is not folded (lower case, no accents, one word)`);
}

function squeeze(word: string): string {
  return word.replace(/(\p{L})\1/gu, '$1');
}

function span(tokens: Token[], start: number, end: number): string {
  const parts: string[] = [];
  for (let i = start; i <= end && i < tokens.length; i++) parts.push(tokens[i].text);
  return parts.join(' ');
}

/** The structural rules of every language, run on every post whatever language it declares. */
export class RuleEngine {
  private readonly languages: CompiledLanguage[];

  constructor(lexicons: readonly RuleLexicon[]) {
    this.languages = lexicons.map((l) => new CompiledLanguage(l));
  }

  /**
   * Every language whose function words the post uses about as much as the likeliest one's (all of them for a post
   * with too few function words to tell: a name and an emoji): a mixed post is read in each of its languages, and
   * German "die" is not read as English.
   */
  analyse(prepared: PreparedText): RuleAnalysis {
    const out: RuleAnalysis = { findings: [], vetoes: [], features: [] };
    const hits = this.languages.map((l) => {
      let n = 0;
      for (const t of prepared.tokens) if (l.functionWords.has(t.text)) n++;
      return n;
    });
    const best = Math.max(0, ...hits);
    const read = this.languages.filter((_, i) => best < 2 || hits[i] * 2 >= best);
    const stems = read.map((language) => language.stems(prepared));
    // Negative frames count whatever language they are in: a Spanish news report is not a French call.
    const negatives: Negatives = { sentences: new Map(), topics: new Set() };
    read.forEach((language, i) => language.negatives(prepared, stems[i], negatives));
    read.forEach((language, i) => language.analyse(prepared, stems[i], negatives, out));
    out.vetoes = [...new Set(out.vetoes)].sort();
    out.features = [...new Set(out.features)];
    // One finding per rule, and per kind of rule across languages (a short post is read in all four).
    const seen = new Set<string>();
    out.findings = out.findings.filter((f) => {
      const rule = f.rule.slice(f.rule.indexOf('.') + 1);
      const keys = [f.rule, rule];
      if (keys.some((k) => seen.has(k))) return false;
      keys.forEach((k) => seen.add(k));
      return true;
    });
    return out;
  }
}
