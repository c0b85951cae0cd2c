import type { CaseState, Tier } from '@docket/database';

/** What reporters and moderators see: the stored state plus what the lease and tier say. */
export type CaseStatus = 'received' | 'queued' | 'in_review' | 'escalated' | 'removing' | 'removed' | 'no_violation' | 'removal_failed';

export interface CaseStatusFacts {
  state: CaseState;
  tier: Tier;
  leaseExpiresAt: Date | null;
}

export function caseStatus(c: CaseStatusFacts, now: Date): CaseStatus {
  if (c.state !== 'queued') return c.state;
  if (c.leaseExpiresAt && c.leaseExpiresAt > now) return 'in_review';
  return c.tier === 'senior' ? 'escalated' : 'queued';
}

export type Outcome = 'removed' | 'no_violation' | null;

export function outcomeOf(state: CaseState): Outcome {
  return state === 'removed' || state === 'no_violation' ? state : null;
}
