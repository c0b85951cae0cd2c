import de from '../../lexicon/de.json';
import en from '../../lexicon/en.json';
import es from '../../lexicon/es.json';
import fr from '../../lexicon/fr.json';
import type { Classifier, ClassifierInput, SignalMatch, Signals } from './classifier';
import { normalizeText } from './normalize';

export interface LexiconPattern {
  id: string;
  /** Regular expression over normalised text; `{name}` inserts a set. */
  pattern: string;
  note?: string;
}

export interface Lexicon {
  language: string;
  flag: string;
  /** Named regex fragments (target groups, imperative lead-ins…), shared by patterns and other sets. */
  sets?: Record<string, string>;
  /**
   * Reporting, quoting and legal phrases. A match with one of these a few words before or after it is
   * treated as speech about violence (news, court reports) rather than a call to it.
   */
  contextCues?: string[];
  patterns: LexiconPattern[];
}

export const DEFAULT_LEXICONS: readonly Lexicon[] = [en, de, fr, es];

interface Rule {
  id: string;
  language: string;
  flag: string;
  regex: RegExp;
}

// JS \b only knows ASCII word characters even with the u flag, so boundaries are spelled out.
const WORD_CHAR = '[\\p{L}\\p{N}]';
const SET_REF = /\{([a-z][a-z_]*)\}/g;
const MAX_SET_DEPTH = 8;
// NFKC has already turned fullwidth ！？ into ASCII when this runs.
const SENTENCE_BREAK = /[.!?;¡¿…。\n\r]+/u;
const CUE_WORDS_BEFORE = 10;
const CUE_WORDS_AFTER = 6;

export class LexiconClassifier implements Classifier {
  readonly name = 'lexicon';
  private readonly rules: Rule[];
  private readonly cues: RegExp | null;

  constructor(lexicons: readonly Lexicon[] = DEFAULT_LEXICONS) {
    this.rules = lexicons.flatMap(compileLexicon);
    const cues = lexicons.flatMap(({ language, contextCues = [] }) => {
      contextCues.forEach((cue) => assertNormalised(cue, `lexicon ${language}, cue ${cue}`));
      return contextCues;
    });
    this.cues = cues.length ? new RegExp(bounded(cues.map((cue) => `(?:${cue})`).join('|')), 'u') : null;
  }

  // Every language runs whatever the declared language says: mislabelled and mixed posts are common.
  classify({ text }: ClassifierInput): Signals {
    const found = new Map<string, SignalMatch>();
    for (const passage of passages(text)) {
      for (const rule of this.rules) {
        // exec over the rule's own global regex: matchAll copies the regex on every call, ten times the cost here.
        rule.regex.lastIndex = 0;
        for (let m = rule.regex.exec(passage); m; m = rule.regex.exec(passage)) {
          if (m[0] === '') rule.regex.lastIndex += 1;
          const start = m.index;
          if (this.isReported(passage, start, start + m[0].length)) continue;
          found.set(`${rule.flag}\0${rule.language}\0${m[0]}`, { flag: rule.flag, language: rule.language, term: m[0] });
        }
      }
    }
    const matches = [...found.values()].sort(
      (a, b) => a.flag.localeCompare(b.flag) || a.language.localeCompare(b.language) || a.term.localeCompare(b.term),
    );
    return { flags: [...new Set(matches.map((m) => m.flag))].sort(), matches, classifier: this.name };
  }

  private isReported(passage: string, start: number, end: number): boolean {
    if (!this.cues) return false;
    const before = passage.slice(0, start).split(' ').slice(-CUE_WORDS_BEFORE - 1).join(' ');
    const after = passage.slice(end).split(' ').slice(0, CUE_WORDS_AFTER + 1).join(' ');
    return this.cues.test(before) || this.cues.test(after);
  }
}

/**
 * Normalisation erases sentence boundaries with the punctuation, yet imperatives ("Storm the Capitol!")
 * are recognised by where the sentence starts, so each sentence is matched on its own. The whole text is
 * matched as well, so that punctuation used inside a word (k.i.l.l) cannot split it out of reach.
 */
function passages(text: string): string[] {
  const sentences = text.normalize('NFKC').split(SENTENCE_BREAK).map(normalizeText);
  return [...new Set([normalizeText(text), ...sentences])].filter(Boolean);
}

/** Compiles one lexicon, failing loudly on data mistakes that would otherwise silently never match. */
export function compileLexicon(lexicon: Lexicon): Rule[] {
  const sets = lexicon.sets ?? {};
  const ids = new Set<string>();
  return lexicon.patterns.map(({ id, pattern }) => {
    const where = `lexicon ${lexicon.language}, pattern ${id}`;
    if (ids.has(id)) throw new Error(`${where}: duplicate id`);
    ids.add(id);
    const source = expand(pattern, sets, where, 0);
    assertNormalised(source, where);
    try {
      return { id, language: lexicon.language, flag: lexicon.flag, regex: new RegExp(bounded(source), 'gu') };
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  });
}

function bounded(source: string): string {
  return `(?<!${WORD_CHAR})(?:${source})(?!${WORD_CHAR})`;
}

function expand(source: string, sets: Record<string, string>, where: string, depth: number): string {
  if (depth > MAX_SET_DEPTH) throw new Error(`${where}: sets nest too deeply (a set refers to itself?)`);
  return source.replace(SET_REF, (_, name: string) => {
    const value = sets[name];
    if (value === undefined) throw new Error(`${where}: unknown set {${name}}`);
    return `(?:${expand(value, sets, where, depth + 1)})`;
  });
}

// A letter that normalisation would change (capital, ä, ß…) can never match the normalised text.
function assertNormalised(source: string, where: string): void {
  const letters = source.replace(/\\[pPu]\{[^}]*\}|\\./gu, '').match(/\p{L}/gu) ?? [];
  const wrong = [...new Set(letters.filter((letter) => normalizeText(letter) !== letter))];
  if (wrong.length) throw new Error(`${where}: not in normalised form: ${wrong.join(' ')}`);
}
