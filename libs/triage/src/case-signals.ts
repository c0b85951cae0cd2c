import type { ModelSignal, SignalMatch, Signals } from './classifier';

/** Set when the post's text equals (after normalisation) that of a post docket decided to remove. */
export const FLAG_MATCHES_REMOVED = 'matches_removed';

/** What triage stores on a case and shows moderators: the classifier's output plus the fingerprint match. */
export interface CaseSignals {
  flags: string[];
  /** Each rule that fired, by name (`en.should.hang`…), with the passage it matched. */
  matches: SignalMatch[];
  /** Who classified: the built-in model's version (`incitement-v1`), or `external`. */
  classifier: string;
  /** The built-in model's version and score, kept with every triage decision. */
  model?: ModelSignal;
  /** With CLASSIFIER_URL: which scorer decided. */
  scorer?: Signals['scorer'];
  negativeFrames?: string[];
  /** Strong rules that fired on a post the model did not flag: named, not hidden. */
  overruled?: Signals['overruled'];
  truncated?: boolean;
  error?: string;
  fingerprint: string | null;
  /** Posts removed earlier whose text this one repeats (the first REMOVED_MATCHES_SHOWN, by post id). */
  matchesRemovedPosts: string[];
}

export function caseSignals(classified: Signals, fingerprint: string | null, removedPostIds: string[]): CaseSignals {
  const flags = new Set(classified.flags);
  if (removedPostIds.length > 0) flags.add(FLAG_MATCHES_REMOVED);
  return {
    flags: [...flags].sort(),
    matches: classified.matches,
    classifier: classified.classifier,
    ...(classified.model ? { model: classified.model } : {}),
    ...(classified.scorer ? { scorer: classified.scorer } : {}),
    ...(classified.negativeFrames ? { negativeFrames: classified.negativeFrames } : {}),
    ...(classified.overruled ? { overruled: classified.overruled } : {}),
    ...(classified.truncated ? { truncated: true } : {}),
    ...(classified.error ? { error: classified.error } : {}),
    fingerprint,
    matchesRemovedPosts: [...removedPostIds].sort(),
  };
}
