import type { SignalMatch, Signals } from './classifier';

/** Set when the post's text equals (after normalisation) that of a post docket decided to remove. */
export const FLAG_MATCHES_REMOVED = 'matches_removed';

/** What triage stores on a case and shows moderators: the classifier's output plus the fingerprint match. */
export interface CaseSignals {
  flags: string[];
  matches: SignalMatch[];
  classifier: string;
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
    fingerprint,
    matchesRemovedPosts: [...removedPostIds].sort(),
  };
}
