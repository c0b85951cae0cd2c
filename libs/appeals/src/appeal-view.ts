import type { AppealRow } from './appeals.repository';

/** What an appellant, a moderator or an auditor reads of an appeal. */
export interface AppealView {
  id: string;
  decisionId: string;
  caseId: string;
  appellant: string;
  /** Stored state, with `in_review` for a queued appeal someone holds a live lease on. */
  status: string;
  statement: string;
  externalRef: string | null;
  category: string;
  tier: string;
  receivedAt: string;
  dueAt: string;
  breached: boolean;
  leaseExpiresAt: string | null;
  decidedAt: string | null;
  outcome: string | null;
  reason: string | null;
  newDecisionId: string | null;
  restoredAt: string | null;
}

export function appealStatus(a: Pick<AppealRow, 'state' | 'leaseExpiresAt'>, now: Date): string {
  return a.state === 'queued' && a.leaseExpiresAt && a.leaseExpiresAt > now ? 'in_review' : a.state;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function appealView(a: AppealRow, now: Date): AppealView {
  return {
    id: a.id, decisionId: a.decisionId, caseId: a.caseId, appellant: a.appellant, status: appealStatus(a, now), statement: a.statement,
    externalRef: a.externalRef, category: a.category, tier: a.tier, receivedAt: a.receivedAt.toISOString(), dueAt: a.dueAt.toISOString(),
    breached: a.breachedAt !== null, leaseExpiresAt: appealStatus(a, now) === 'in_review' ? iso(a.leaseExpiresAt) : null,
    decidedAt: iso(a.decidedAt), outcome: a.outcome, reason: a.reason, newDecisionId: a.newDecisionId, restoredAt: iso(a.restoredAt),
  };
}

/** The receipt of a filed appeal. */
export interface AppealReceipt {
  id: string;
  decisionId: string;
  status: 'received';
  receivedAt: string;
  dueAt: string;
}
