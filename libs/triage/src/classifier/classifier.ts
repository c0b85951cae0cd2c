/** Incitement to violence: threats or calls to kill or harm a target, calls to arms, kill-framings. */
export const FLAG_INCITEMENT = 'incitement';

export interface ClassifierInput {
  text: string;
  /** Declared language of the post; advisory only, because posts are often mislabelled. */
  language?: string;
}

export interface SignalMatch {
  flag: string;
  /** Language of the rule that matched, not the declared language of the post. */
  language: string;
  /** The matched passage in normalised form (see normalizeText). */
  term: string;
}

export interface Signals {
  /** Deduplicated and sorted. */
  flags: string[];
  matches: SignalMatch[];
  /** Name of the classifier that produced the signals, for the audit trail. */
  classifier: string;
}

export interface Classifier {
  readonly name: string;
  classify(input: ClassifierInput): Signals;
}

/** Injection token, so a model-based classifier can replace the lexicon one without touching callers. */
export const CLASSIFIER = Symbol('CLASSIFIER');
