/**
 * The little template language both corpus generators use, and nothing else: the generators themselves (their
 * families, phrasings, vocabulary and surface variants) are written apart, see dev-templates.ts and
 * test-templates.ts.
 *
 * A template is text with `{slot}` (a random entry of the language's slot list) and `[a|b|c]` (one of the
 * alternatives; they may contain slots but do not nest).
 */

export type Label = 'incitement' | 'benign';

export interface Family {
  /** Unique within its generator; the corpus keeps it so results can be read per family. */
  id: string;
  /** Positives: the phenomenon (paraphrase, coded, conditional…). Negatives: the hard-negative kind (sport, news…). */
  kind: string;
  t: string[];
}

export interface LanguageTemplates {
  lang: 'en' | 'de' | 'fr' | 'es';
  slots: Record<string, string[]>;
  incitement: Family[];
  benign: Family[];
}

/** A surface variant: a function of the text and a random source; returns the text unchanged if it does not apply. */
export type Variant = { name: string; apply: (text: string, rnd: Rng) => string };

export interface CorpusPost {
  id: string;
  lang: string;
  label: Label;
  text: string;
  split: 'train' | 'validation' | 'round1' | 'test';
  family: string;
  kind: string;
  variant: string;
}

/** mulberry32: small, seeded, the same on every machine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const ALTERNATIVES = /\[([^\[\]]*)\]/g;
const SLOT = /\{([a-zA-Z_]+)\}/g;

export function expand(template: string, slots: Record<string, string[]>, rnd: Rng, where: string): string {
  let text = template.replace(ALTERNATIVES, (_, body: string) => rnd.pick(body.split('|')));
  for (let depth = 0; SLOT.test(text); depth++) {
    SLOT.lastIndex = 0;
    if (depth > 4) throw new Error(`${where}: slots nest too deeply`);
    text = text.replace(SLOT, (_, name: string) => {
      const values = slots[name];
      if (!values) throw new Error(`${where}: unknown slot {${name}}`);
      return rnd.pick(values);
    });
    text = text.replace(ALTERNATIVES, (_, body: string) => rnd.pick(body.split('|')));
  }
  SLOT.lastIndex = 0;
  return text.replace(/ {2,}/g, ' ').replace(/ ([,.!?])/g, '$1').trim();
}

/** Upper-cases the first letter: templates that start with a slot would otherwise start in lower case. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface GenerateOptions {
  seed: number;
  /** Posts wanted per language and label. */
  perLabel: number;
  variants: Variant[];
  /** Share of posts given a surface variant (the same share for both labels). */
  variantRate: number;
  idPrefix: string;
  /** Which split a family's posts go to. */
  splitOf: (lang: string, label: Label, family: Family, index: number) => CorpusPost['split'];
}

/**
 * Draws posts family by family, round robin, so every family is used about equally; duplicates (after a
 * case-insensitive comparison) are drawn again. Variants are applied to both labels alike, so a surface
 * feature (capitals, emoji, a hashtag) never tells the label by itself.
 */
export function generate(languages: LanguageTemplates[], options: GenerateOptions): CorpusPost[] {
  const posts: CorpusPost[] = [];
  const seen = new Set<string>();
  for (const language of languages) {
    for (const label of ['incitement', 'benign'] as const) {
      const families = language[label];
      const rnd = new Rng(options.seed ^ hash(`${language.lang}/${label}`));
      let made = 0;
      let attempts = 0;
      while (made < options.perLabel) {
        if (++attempts > options.perLabel * 200) throw new Error(`${language.lang}/${label}: too few distinct posts (${made})`);
        const familyIndex = attempts % families.length;
        const family = families[familyIndex];
        const where = `${language.lang}/${label}/${family.id}`;
        let text = capitalise(expand(rnd.pick(family.t), language.slots, rnd, where));
        let variant = 'plain';
        if (rnd.chance(options.variantRate)) {
          const v = rnd.pick(options.variants);
          const changed = v.apply(text, rnd);
          if (changed !== text) {
            text = changed;
            variant = v.name;
          }
        }
        const key = text.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        made++;
        posts.push({
          id: `${options.idPrefix}-${language.lang}-${label === 'incitement' ? 'inc' : 'ben'}-${String(made).padStart(4, '0')}`,
          lang: language.lang,
          label,
          text,
          split: options.splitOf(language.lang, label, family, familyIndex),
          family: `${options.idPrefix}:${language.lang}:${family.id}`,
          kind: family.kind,
          variant,
        });
      }
    }
  }
  return posts;
}

export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Checks templates before generating: unknown slots and duplicate family ids fail loudly. */
export function checkTemplates(languages: LanguageTemplates[]): void {
  for (const language of languages) {
    const ids = new Set<string>();
    for (const family of [...language.incitement, ...language.benign]) {
      if (ids.has(family.id)) throw new Error(`${language.lang}: duplicate family ${family.id}`);
      ids.add(family.id);
      for (const t of family.t) {
        for (const [, name] of t.matchAll(SLOT)) {
          if (!language.slots[name]) throw new Error(`${language.lang}/${family.id}: unknown slot {${name}}`);
        }
      }
    }
  }
}
