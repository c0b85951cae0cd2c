import type { Token } from '../detection-text';
import { Language, stem } from '../stem';

interface PhraseWord {
  text: string;
  /** Doubled letters made single, compared with the token's (takeee up arms → takee → take). */
  squeezed: string;
  stem: string;
  prefix: boolean;
  /** `*` alone: any one token. */
  any: boolean;
  /** Up to GAP tokens may come before this word (written `...` before it). */
  gapBefore: boolean;
}

interface Phrase<T> {
  words: PhraseWord[];
  payload: T;
  source: string;
}

export interface PhraseMatch<T> {
  payload: T;
  start: number;
  /** Index of the last token of the match. */
  end: number;
  source: string;
}

const GAP = 6;

/**
 * Phrases matched on a post's tokens within one sentence. A word matches a token that equals it, or whose stem
 * equals its stem, or (written with a trailing `*`) that begins with it; `...` lets up to six tokens come between
 * two words. Phrases are indexed by their first word, so matching costs a look-up or two per token.
 */
export class PhraseSet<T> {
  private readonly byText = new Map<string, Phrase<T>[]>();
  private readonly byStem = new Map<string, Phrase<T>[]>();
  private readonly byPrefix: Phrase<T>[] = [];
  private readonly bySqueezed = new Map<string, Phrase<T>[]>();

  /** `stemmed`: words also match by stem (for verbs: putting a bullet); otherwise only exactly or by prefix. */
  constructor(private readonly language: Language, private readonly stemmed = false) {}

  add(source: string, payload: T): void {
    const words: PhraseWord[] = [];
    let gap = false;
    // Tokens lose their apostrophes (let's → let s), so phrases do too.
    for (const raw of source.replace(/'/g, ' ').trim().split(/\s+/)) {
      if (raw === '...') {
        gap = true;
        continue;
      }
      if (raw === '*') {
        if (words.length === 0) throw new Error(`${this.language}: phrase "${source}" starts with *`);
        words.push({ text: '', squeezed: '', stem: '', prefix: false, any: true, gapBefore: gap });
        gap = false;
        continue;
      }
      const prefix = raw.endsWith('*');
      const text = prefix ? raw.slice(0, -1) : raw;
      if (!/^[a-z0-9]+$/.test(text)) throw new Error(`${this.language}: phrase "${source}": "${raw}" is not folded (lower case, no accents)`);
      words.push({ text, squeezed: text.replace(/(\p{L})\1/gu, '$1'), stem: stem(this.language, text), prefix, any: false, gapBefore: gap });
      gap = false;
    }
    if (words.length === 0) throw new Error(`${this.language}: empty phrase`);
    const phrase = { words, payload, source };
    const first = words[0];
    if (first.prefix) this.byPrefix.push(phrase);
    else {
      push(this.byText, first.text, phrase);
      if (first.squeezed !== first.text) push(this.bySqueezed, first.squeezed, phrase);
      else push(this.bySqueezed, first.text, phrase);
      if (this.stemmed && first.stem !== first.text) push(this.byStem, first.stem, phrase);
    }
  }

  /** Every match starting at token i. */
  matchAt(tokens: Token[], stems: string[], i: number, out: PhraseMatch<T>[]): void {
    // A phrase reachable through two indexes is matched twice; callers do not mind a repeated match.
    const byText = this.byText.get(tokens[i].text);
    if (byText) this.tryAll(byText, tokens, stems, i, out);
    if (this.stemmed && stems[i] !== tokens[i].text) {
      const byStem = this.byStem.get(stems[i]);
      if (byStem) this.tryAll(byStem, tokens, stems, i, out);
    }
    if (tokens[i].squeezed !== tokens[i].text) {
      const bySqueezed = this.bySqueezed.get(tokens[i].squeezed);
      if (bySqueezed) this.tryAll(bySqueezed, tokens, stems, i, out);
    }
    for (const phrase of this.byPrefix) {
      if (!tokens[i].text.startsWith(phrase.words[0].text)) continue;
      const end = this.rest(phrase, tokens, stems, i);
      if (end >= 0) out.push({ payload: phrase.payload, start: i, end, source: phrase.source });
    }
  }

  private tryAll(phrases: Phrase<T>[], tokens: Token[], stems: string[], i: number, out: PhraseMatch<T>[]): void {
    for (const phrase of phrases) {
      const end = this.rest(phrase, tokens, stems, i);
      if (end >= 0) out.push({ payload: phrase.payload, start: i, end, source: phrase.source });
    }
  }

  matchAll(tokens: Token[], stems: string[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) this.matchAt(tokens, stems, i, out);
    return out;
  }

  private rest(phrase: Phrase<T>, tokens: Token[], stems: string[], start: number): number {
    let at = start;
    for (let w = 1; w < phrase.words.length; w++) {
      const word = phrase.words[w];
      const limit = word.gapBefore ? GAP + 1 : 1;
      let found = -1;
      for (let k = 1; k <= limit; k++) {
        const j = at + k;
        if (j >= tokens.length || tokens[j].sentence !== tokens[start].sentence) break;
        if (wordMatches(word, tokens[j], this.stemmed ? stems[j] : null)) {
          found = j;
          break;
        }
      }
      if (found < 0) return -1;
      at = found;
    }
    return at;
  }
}

function wordMatches(word: PhraseWord, token: Token, tokenStem: string | null): boolean {
  if (word.any) return true;
  if (word.prefix) return token.text.startsWith(word.text);
  return token.text === word.text || token.squeezed === word.squeezed || (tokenStem !== null && tokenStem === word.stem);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
