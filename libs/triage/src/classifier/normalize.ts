import { createHash } from 'node:crypto';

// Invisible characters are a standard way to split a word past filters, and NFKC keeps them.
// U+00AD (soft hyphen) is not in the brief's list but is used the same way.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;
// toLowerCase is not full case folding: it keeps ß (and lowers ẞ to it) and the final sigma.
const FOLD: Record<string, string> = { ß: 'ss', ς: 'σ' };
const UNFOLDED = /[ßς]/gu;
const MARKS = /\p{M}+/gu;
const PUNCTUATION_AND_SYMBOLS = /[\p{P}\p{S}]+/gu;
const WHITESPACE = /\s+/gu;

/**
 * The canonical text both the content fingerprint and the lexicon work on: NFKC, case folded,
 * marks stripped, punctuation/symbols (emoji included) and invisible characters removed,
 * whitespace collapsed. Changing this changes every stored fingerprint.
 */
export function normalizeText(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(UNFOLDED, (ch) => FOLD[ch])
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(PUNCTUATION_AND_SYMBOLS, '')
    .replace(WHITESPACE, ' ')
    .trim()
    // NFD split Hangul syllables into jamo; recompose so the output is ordinary text.
    .normalize('NFC');
}

/** sha256 hex of normalizeText(text): equal for posts that differ only in presentation. */
export function fingerprint(text: string): string {
  return fingerprintOfNormalized(normalizeText(text));
}

/** fingerprint() of a text already normalised, for callers that need the normalised text as well. */
export function fingerprintOfNormalized(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

/** Fingerprint shared by every post with nothing left after normalisation (blank, emoji-only, punctuation-only). */
export const EMPTY_FINGERPRINT = fingerprint('');

/** True when nothing survives normalisation, so the fingerprint must not be used to match posts. */
export function isEmptyContent(text: string): boolean {
  return normalizeText(text) === '';
}
