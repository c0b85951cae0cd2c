/**
 * Text as the incitement detector reads it. Unlike normalizeText (the fingerprint's canonical form, pinned), this
 * undoes the tricks used to slip past filters, and keeps what the detector needs:
 * - hashtags are split into their words (#HangThemAll → hang them all);
 * - emoji that stand for a weapon or death become tokens (🔫 → xgun), other symbols are dropped;
 * - leetspeak inside words is read back (k1ll, sh00t, @ssassin, $hoot → kill, shoot, assassin, shoot);
 * - letters spaced or dotted apart are joined (k i l l, k.i.l.l → kill);
 * - runs of three or more of one letter are shortened (kiiiill → kiill; tokens also carry a `squeezed` form);
 * - case, accents and ß are folded as in normalizeText; sentence and clause boundaries are kept.
 */

/** Only this much of a post is read by the detector (a post of 1 MB is read up to here, and says so). */
export const MAX_DETECTION_CHARS = 20_000;

export interface Token {
  /** Folded form: lower case, no accents, leetspeak read back, runs of 3+ letters shortened to 2. */
  text: string;
  /** `text` with every doubled letter single (shoot → shot, kiill → kil): a fallback for lexicon look-ups. */
  squeezed: string;
  /** Index of the sentence (. ! ? ; and line breaks end one). */
  sentence: number;
  /** Index of the clause within the post (sentences, also split at commas, colons and dashes). */
  clause: number;
  /** First token of its clause. */
  clauseStart: boolean;
  /** Capitalised in the post while the post is not in capitals, and not first in its sentence: a name, perhaps. */
  capitalised: boolean;
  /** Came from an emoji (xgun, xknife…). */
  emoji: boolean;
}

export interface PreparedText {
  tokens: Token[];
  /** Tokens joined by spaces, sentences by ' | ': what the model's n-grams are taken from. */
  text: string;
  /** True when the post was longer than MAX_DETECTION_CHARS and only its beginning was read. */
  truncated: boolean;
}

/** Emoji that carry the threat, each as a token the lexicons and the model can use. */
const EMOJI_TOKENS = new Map<string, string>([
  ['\u{1F52B}', 'xgun'], // 🔫
  ['\u{1F52A}', 'xknife'], ['\u{1F5E1}', 'xknife'], ['\u2694', 'xknife'], // 🔪 🗡 ⚔
  ['\u{1FA93}', 'xaxe'], // 🪓
  ['\u{1FAA2}', 'xrope'], // 🪢
  ['\u{1F4A3}', 'xbomb'], ['\u{1F9E8}', 'xbomb'], // 💣 🧨
  ['\u26B0', 'xcoffin'], ['\u26B1', 'xcoffin'], // ⚰ ⚱
  ['\u2620', 'xskull'], ['\u{1F480}', 'xskull'], // ☠ 💀
  ['\u{1FA78}', 'xblood'], // 🩸
  ['\u{1F525}', 'xfire'], // 🔥
  ['\u{1F333}', 'xtree'], ['\u{1F332}', 'xtree'], // 🌳 🌲
  ['\u{1F4A5}', 'xboom'], // 💥
]);
const EMOJI = new RegExp(`[${[...EMOJI_TOKENS.keys()].join('')}]`, 'gu');

const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
// Capital after a lower-case letter or digit, or a capital followed by lower case after capitals: camel-case seams.
const CAMEL_SEAM = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|_+/gu;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '€': 'e', '|': 'l' };
// A word with leet characters inside: at least one letter, and leet characters between or next to letters.
const LEET_WORD = /(?<![\p{L}\p{N}@$!€|])(?=[\p{L}\p{N}@$!€|]*\p{L})(?=[\p{L}\p{N}@$!€|]*[0134579@$!€|])[\p{L}\p{N}@$!€|]{3,}/gu;
// Three or more single letters joined by one kind of separator: k i l l, k.i.l.l, k-i-l-l, k*i*l*l.
const SPACED = /(?<![\p{L}\p{N}])\p{L}(?:([ .\-_*·])\p{L}(?![\p{L}\p{N}]))(?:\1\p{L}(?![\p{L}\p{N}])){1,}/gu;
const SENTENCE_END = /[.!?;¡¿…。\n\r]+/u;
const CLAUSE_END = /[,:—–()"«»“”]+|\s-\s/u;
const RUN = /(\p{L})\1{2,}/gu;
const DOUBLE = /(\p{L})\1/gu;
const HAS_DOUBLE = /(\p{L})\1/u;
const MARKS = /\p{M}+/gu;
const PLAIN_WORD = /^[a-z]+$/;
const RUN_ASCII = /([a-z])\1\1/;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

export function prepareText(input: string): PreparedText {
  let text = typeof input === 'string' ? input : '';
  const truncated = text.length > MAX_DETECTION_CHARS;
  if (truncated) text = text.slice(0, MAX_DETECTION_CHARS);
  text = text.replace(INVISIBLE, '').normalize('NFKC');
  text = text.replace(EMOJI, (e) => ` ${EMOJI_TOKENS.get(e)} `);
  // Lower case: capitals inside a hashtag mark word seams, not names.
  text = text.replace(HASHTAG, (_, tag: string) => ` ${tag.replace(CAMEL_SEAM, ' ').toLowerCase()} `);
  text = text.replace(SPACED, (m, sep: string) => m.split(sep).join(''));
  // ! and | stand for i or l only before a letter (k!ll), not as punctuation after a word (traitors!!!).
  text = text.replace(LEET_WORD, (w) => (/^[\p{N}]+$/u.test(w) ? w : w.replace(/[0134579@$€]|[!|](?=\p{L})/gu, (c) => LEET[c] ?? c)));
  const shouting = isShouting(text);

  const tokens: Token[] = [];
  let clause = 0;
  text.split(SENTENCE_END).forEach((sentenceText, sentence) => {
    const clauses = sentenceText.split(CLAUSE_END);
    clauses.forEach((clauseText) => {
      const words = clauseText.split(/\s+/u).filter(Boolean);
      let first = true;
      for (const word of words) {
        const folded = fold(word);
        for (const part of folded.split(' ')) {
          if (!part) continue;
          tokens.push({
            text: part,
            squeezed: HAS_DOUBLE.test(part) ? part.replace(DOUBLE, '$1') : part,
            sentence,
            clause,
            clauseStart: first,
            capitalised: !shouting && !first && /^\p{Lu}/u.test(word.replace(NOT_WORD, '')) && tokens.length > 0 && tokens[tokens.length - 1].sentence === sentence,
            emoji: part.charCodeAt(0) === 120 && /^x(?:gun|knife|axe|rope|bomb|coffin|skull|blood|fire|tree|boom)$/.test(part) && /^x/.test(word),
          });
          first = false;
        }
      }
      clause++;
    });
  });
  let joined = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0) joined += tokens[i].sentence !== tokens[i - 1].sentence ? ' | ' : ' ';
    joined += tokens[i].text;
  }
  return { tokens, text: joined, truncated };
}

/** Case, accents, ß, punctuation and symbols folded; runs of three or more of one letter shortened to two. */
function fold(word: string): string {
  const lower = word.toLowerCase();
  // Most words are plain ASCII letters: nothing to fold but a run of one letter (the regexes cost most of the time).
  if (PLAIN_WORD.test(lower)) return RUN_ASCII.test(lower) ? lower.replace(RUN, '$1$1') : lower;
  return lower
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(NOT_WORD, ' ')
    .replace(RUN, '$1$1')
    .trim();
}

/** Mostly capitals: capitalisation then tells nothing about names. */
function isShouting(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (const ch of text.slice(0, 2000)) {
    if (ch !== ch.toLowerCase()) upper++;
    else if (ch !== ch.toUpperCase()) lower++;
  }
  return upper > lower;
}
