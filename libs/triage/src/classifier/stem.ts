/**
 * Light stemmers: inflectional suffixes stripped by hand-written rules, one set per language, applied alike to the
 * lexicons' word forms and to the post's tokens, so that killed/kills/killing, tötet/töten/getötet,
 * tuez/tuer/tué, matad/matar/mátenlos meet at one stem. They are not Snowball (no dependency was added: see
 * docs/decisions/0031-incitement-detector.md); they only need to be consistent, not linguistically right.
 * Input is a folded token (lower case, no accents).
 */
export type Language = 'en' | 'de' | 'fr' | 'es';

export const LANGUAGES: readonly Language[] = ['en', 'de', 'fr', 'es'];

const EN_DOUBLE = /(bb|dd|gg|mm|nn|pp|rr|tt)$/;

function en(w: string): string {
  if (w.length <= 3) return w;
  let s = w.replace(/'s$/, '');
  if (s.endsWith('ies') && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('ing') && s.length > 5) s = s.slice(0, -3);
  else if (s.endsWith('in') && s.length > 5 && /[^aeiou]in$/.test(s) && !s.endsWith('ain')) s = s.slice(0, -2); // killin
  else if (s.endsWith('ed') && s.length > 4) s = s.slice(0, -2);
  else if (s.endsWith('es') && s.length > 4 && /(ss|sh|ch|x|z)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && s.length > 3) s = s.slice(0, -1);
  if (EN_DOUBLE.test(s) && s.length > 3) s = s.slice(0, -1);
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  return s;
}

const DE_SUFFIXES = ['ungen', 'ernd', 'end', 'ern', 'est', 'en', 'em', 'er', 'es', 'et', 'st', 'e', 't', 'n', 's'];

function de(w: string): string {
  // ä ö ü are folded to a o u; the ae/oe/ue spelling is folded the same way.
  let s = w.length > 4 ? w.replace(/([bcdfghklmnprstvwz])(ae|oe|ue)/g, (_, c: string, v: string) => c + v[0]) : w;
  for (const suffix of DE_SUFFIXES) {
    if (s.endsWith(suffix) && s.length - suffix.length >= 3) {
      s = s.slice(0, -suffix.length);
      break;
    }
  }
  // erschiessen → erschiess, erschiesst → erschies: one s either way.
  return s.replace(/ss$/, 's');
}

const FR_SUFFIXES = ['issions', 'issiez', 'issons', 'issez', 'issent', 'erions', 'eriez', 'eront', 'erons', 'erez', 'erais', 'erait',
  'aient', 'erai', 'eras', 'era', 'ions', 'iez', 'ons', 'ant', 'ait', 'ais', 'ent', 'ees', 'ues', 'ez', 'er', 'ee', 'ue', 'us', 'es', 'e', 'u', 's', 'x']
  .sort((a, b) => b.length - a.length);

function fr(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith('dre')) return w.slice(0, -2); // pendre → pend, like pendez, pendu
  for (const suffix of FR_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 2) return w.slice(0, -suffix.length);
  }
  return w;
}

const ES_ENCLITIC = /(?:(?<=(?:ar|er|ir|ad|ed|id|ando|iendo|en|an|a|e))(?:selos|selas|noslos|melo|mela|los|las|les|lo|la|le|me|nos|os|se|te))$/;
const ES_SUFFIXES = ['aremos', 'eremos', 'iremos', 'aran', 'eran', 'iran', 'ando', 'iendo', 'aron', 'ieron', 'adas', 'ados', 'idas', 'idos',
  'amos', 'emos', 'imos', 'ada', 'ado', 'ida', 'ido', 'are', 'ere', 'ire', 'ar', 'er', 'ir', 'ad', 'ed', 'id', 'an', 'en', 'as', 'es', 'os',
  'a', 'e', 'o', 'o'];

function es(w: string): string {
  if (w.length <= 3) return w;
  let s = w.length > 5 ? w.replace(ES_ENCLITIC, '') : w;
  for (const suffix of ES_SUFFIXES) {
    if (s.endsWith(suffix) && s.length - suffix.length >= 3) {
      s = s.slice(0, -suffix.length);
      break;
    }
  }
  // Spelling changes before e: cuelguen → colg, ahorquen → ahorc, cargue → carg.
  return s.replace(/gu$/, 'g').replace(/qu$/, 'c').replace(/ue(?=[^aeiou]+$)/, 'o');
}

const STEMMERS: Record<Language, (w: string) => string> = { en, de, fr, es };

export function stem(language: Language, word: string): string {
  // Posts repeat the same words: a bounded memo per language saves most of the suffix rules (a fifth of the rules' time).
  const memo = MEMOS[language];
  let stemmed = memo.get(word);
  if (stemmed === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    stemmed = STEMMERS[language](word);
    memo.set(word, stemmed);
  }
  return stemmed;
}

const MEMO_MAX = 50_000;
const MEMOS: Record<Language, Map<string, string>> = { en: new Map(), de: new Map(), fr: new Map(), es: new Map() };
