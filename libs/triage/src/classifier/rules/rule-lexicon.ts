import type { Language } from '../stem';

/**
 * One language's structural rules, as data. Words are written folded (lower case, no accents; ß as ss) and are
 * stemmed when loaded, unless said otherwise. Phrases are space-separated words matched in order on folded tokens
 * (not stemmed); a word ending in `*` matches any token it begins.
 */
export interface RuleLexicon {
  language: Language;
  /** Function words never read as a verb or a target, whatever their stem (fr "tu" would meet "tuer"). */
  stopwords: string[];
  /** Violent acts by family: inflected forms, stemmed at load (kill, killed, shoot, shot, hang, hanged…). */
  acts: Record<string, string[]>;
  /** Violent acts of several words, by family: put a bullet in, string up, an die wand stellen… */
  actPhrases: Record<string, string[]>;
  /**
   * Families whose objects may be places as well as people (burn, bomb, storm).
   */
  placeActs: string[];
  targets: {
    /** Human groups and roles (stemmed). */
    groups: string[];
    /** Titles before a name or alone (senator, judge, mayor…; stemmed). */
    titles: string[];
    /** Pronouns that always mean people (him, her, ihn, lui, él). */
    persons: string[];
    /** Pronouns that mean people only when the post speaks of people (them, sie, les, los). */
    pronouns: string[];
    /** Places a group gathers in: a target of arson, bombs, storming (stemmed). */
    places: string[];
  };
  /**
   * Calling or threatening frames: phrases that, before a violent act in the same sentence, make it a call or a
   * threat. By frame name (should, we-will, time-to, someone-should, would-be-shame…).
   */
  frames: Record<string, string[]>;
  /** A clause that starts with a violent act in one of these forms is a command (folded tokens, regex). */
  imperative: RegExp;
  /** German: an infinitive that ends a short clause is a command too (Verräter aufhängen!). */
  clauseFinalInfinitive?: RegExp;
  /** Spanish: a pronoun attached to the verb is its target (fusilarlos, mátenlos). */
  encliticTarget?: RegExp;
  /** Words that may come before an imperative at the start of a clause (go, now, patriots…). */
  leadIns: string[];
  /** Slogans: phrase followed by a target within a few words (death to…, tod den…). */
  slogans: Record<string, string[]>;
  /** Coded language and idioms of violence that are a call on their own (day of the rope, an die laterne…). */
  coded: Record<string, string[]>;
  /** Coded phrases that count only where they open a clause, as commands (to arms!, not "rebels take up arms"). */
  codedOpening: Record<string, string[]>;
  /** Coded phrases that count only with a target in the same post (helicopter ride, open season…). */
  codedWithTarget: Record<string, string[]>;
  /** Weapons (stemmed) and phrases gathering people with them (bring, grab…); with a target or place, a call to arms. */
  weapons: string[];
  gather: string[];
  /** Words that make a "them" mean animals or things (slugs, lights, pictures…; stemmed). */
  things: string[];
  /**
   * Negative frames, by name: speech about violence rather than a call to it. `sentence` cues void a finding in
   * their sentence; `post` cues (a topic: sport, a game, a recipe, a hunt, fiction, history) void every finding in
   * the post unless it is coded language.
   */
  negative: {
    sentence: Record<string, string[]>;
    post: Record<string, string[]>;
  };
}
