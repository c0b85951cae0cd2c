// Appeals (DSA Art. 20) as the console exchanges them with the API (apps/api/src/appeals/appeals.dto.ts), and what
// the appeal screens share: labels, the claim, the outcome draft.
import { call, get } from './api';
import { useConsole } from './console-context';
import { decisionBody, savedDraft, type DecisionDraft } from './decision-draft';
import { APPEALS_PATH, appealPath, navigate } from './router';
import type { CaseDetail, Decision, DecisionAction, Principal, Tier } from './types';

export type AppealStatus = 'received' | 'queued' | 'in_review' | 'upheld' | 'overturned' | 'restoring' | 'restored' | 'restore_failed';
export type AppealOutcome = 'uphold' | 'overturn';

export interface Appeal {
  id: string;
  decisionId: string;
  caseId: string;
  appellant: 'author' | 'notifier';
  status: AppealStatus;
  statement: string;
  externalRef: string | null;
  category: string;
  tier: Tier;
  receivedAt: string;
  dueAt: string;
  breached: boolean;
  /** Set while someone holds a live lease (status in_review). */
  leaseExpiresAt: string | null;
  decidedAt: string | null;
  outcome: AppealOutcome | null;
  reason: string | null;
  newDecisionId: string | null;
  restoredAt: string | null;
}

/** The contested decision: its statement of reasons. `category` null: the case's. */
export type ContestedDecision = Decision & { category: string | null };

export interface AppealDetail extends Appeal {
  /** The signed-in moderator holds the live lease. */
  heldByYou: boolean;
  contestedDecision: ContestedDecision;
  case: CaseDetail;
}

/** GET /v1/appeals/overview: per tier, what waits, what is in review, what is late, and the next deadline. */
export interface AppealsOverview {
  at: string;
  tiers: { tier: Tier; queued: number; inReview: number; pastDeadline: number; nextDueAt: string | null }[];
}

export const APPELLANT_LABELS: Record<string, string> = { author: "The post's author", notifier: 'The notifier (who reported it)' };

export const APPEAL_STATUS_LABELS: Record<AppealStatus, string> = {
  received: 'Received',
  queued: 'Waiting',
  in_review: 'In review',
  upheld: 'Upheld',
  overturned: 'Overturned',
  restoring: 'Restoring',
  restored: 'Restored',
  restore_failed: 'Restore failed',
};

/** Seniors work their tier (appeals past their deadline) first, then help with the standard one. */
const claimTiers = (principal: Principal): Tier[] => (principal.role === 'moderator' ? ['standard'] : ['senior', 'standard']);

// The claim answer is the whole appeal; handing it to the appeal screen saves fetching it again.
let claimed: AppealDetail | null = null;
let claiming = false;

export function takeClaimedAppeal(appealId: string): AppealDetail | null {
  if (claimed?.id !== appealId) return null;
  const detail = claimed;
  claimed = null;
  return detail;
}

/** Claims the next appeal and opens it, or goes to the appeals screen saying there is none for this moderator. */
export function useClaimNextAppeal(): () => Promise<void> {
  const { principal, announce, reportError } = useConsole();
  return async () => {
    // One claim at a time: a double press of c must not lease two appeals.
    if (claiming) return;
    claiming = true;
    try {
      for (const tier of claimTiers(principal)) {
        claimed = await call<AppealDetail>('POST', '/v1/appeals/claim', { tier });
        if (claimed) return navigate(appealPath(claimed.id));
      }
      // Not "no appeals": appeals of this moderator's own decisions may be waiting, for others.
      announce('No appeal to claim for you right now.');
      navigate(APPEALS_PATH);
    } catch (err) {
      reportError(err);
    } finally {
      claiming = false;
    }
  };
}

/** An appeal opened by its address (a link, a reload, signing in again): the detail says whether its lease is ours. */
export async function loadAppeal(appealId: string): Promise<{ detail: AppealDetail; held: boolean }> {
  const detail = await get<AppealDetail>(`/v1/appeals/${encodeURIComponent(appealId)}/detail`);
  return { detail, held: detail.heldByYou };
}

/**
 * An outcome as typed so far. It is a decision draft (the same form, the same fields): overturning a "no violation"
 * is a removal, with its category, ground and law or clause; anything else needs only the reason.
 */
export interface AppealDraft extends DecisionDraft {
  outcome: AppealOutcome;
}

/** The decision form's action for an outcome: only overturning a "no violation" asks for the removal's fields. */
export const formAction = (outcome: AppealOutcome, contested: DecisionAction): DecisionAction =>
  outcome === 'overturn' && contested === 'no_violation' ? 'remove' : 'no_violation';

// Kept in the case screen's draft store (in memory, cleared on sign-out), under the appeal's id.
export function savedAppealDraft(appealId: string): AppealDraft | null {
  const draft = savedDraft(appealId);
  return draft && 'outcome' in draft ? (draft as AppealDraft) : null;
}

export interface AppealDecisionBody {
  outcome: AppealOutcome;
  reason: string;
  category?: string;
  ground?: string;
  legalGround?: string;
  policy?: string;
}

export function appealDecisionBody(draft: AppealDraft): AppealDecisionBody {
  const body = { outcome: draft.outcome, reason: draft.explanation };
  if (draft.action !== 'remove') return body;
  const { category, ground, legalGround, policy } = decisionBody(draft);
  return { ...body, category, ground, legalGround, policy };
}

/** The API names the reason `reason`; the form's field for it is the decision form's `explanation`. */
export const formFieldOf = (path: string) => (path === 'reason' ? 'explanation' : path);
