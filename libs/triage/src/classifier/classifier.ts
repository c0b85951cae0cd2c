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
  /** The matched passage, folded (lower case, no accents); for the model, the words that weighed most. */
  term: string;
  /** The named rule that fired (`en.should.hang`, `de.coded.race-war`, `model.incitement-v1`…). */
  rule?: string;
}

/** The built-in model's verdict, kept with every triage decision. */
export interface ModelSignal {
  version: string;
  /** Probability of incitement, 4 decimals. */
  score: number;
  /** The score that flags a post on the model alone. */
  threshold: number;
  decidedBy: 'rules' | 'rules+model' | 'model' | null;
}

export interface Signals {
  /** Deduplicated and sorted. */
  flags: string[];
  matches: SignalMatch[];
  /** Name of the classifier that produced the signals, for the audit trail (the model version for the built-in one). */
  classifier: string;
  model?: ModelSignal;
  /** Negative frames that voided a rule (`en.negative.reporting`…). */
  negativeFrames?: string[];
  /** Strong rules that fired on a post the model did not flag (its score under `thresholds.rule`): named, not hidden. */
  overruled?: { rule: string; term: string }[];
  /** The post was longer than the detector reads (MAX_DETECTION_CHARS). */
  truncated?: boolean;
  /** The detector failed on this post (it then flags nothing); never expected, kept for the audit trail. */
  error?: string;
  /** With CLASSIFIER_URL set: which scorer decided, and what the external one answered. */
  scorer?: { decidedBy: 'external' | 'builtin'; external?: { status: string; score?: number } };
}

export interface Classifier {
  readonly name: string;
  classify(input: ClassifierInput): Signals;
}

/** Injection token, so a model-based classifier can replace the lexicon one without touching callers. */
export const CLASSIFIER = Symbol('CLASSIFIER');
