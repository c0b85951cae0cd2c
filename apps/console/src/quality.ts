// Quality sampling (issue 21, decision 0037) as the console exchanges it with the API (apps/api/src/quality/quality.dto.ts):
// second reviews, worked blind to the first decision, and the disagreements seniors settle.
import { call } from './api';
import type { CaseDetail, Principal } from './types';

export type SecondReviewAction = 'remove' | 'no_violation';

/** The case as a second reviewer gets it: post, notices and signals; never its state, decision or notes. */
export type BlindCase = Pick<CaseDetail, 'id' | 'category' | 'source' | 'reportCount' | 'violent' | 'firstReportedAt' | 'post' | 'reports' | 'signals'>;

/** POST /v1/second-reviews/claim. */
export interface SecondReviewAssignment {
  id: string;
  category: string;
  leaseExpiresAt: string;
  case: BlindCase;
}

/** POST /v1/second-reviews/{id}/decision. */
export interface SecondReviewOutcome {
  id: string;
  status: 'agreed' | 'disagreed';
  secondAction: SecondReviewAction;
  agreed: boolean;
  reviewedAt: string;
}

export interface PrincipalRef {
  id: string;
  name: string | null;
}

export type Resolution = 'first_upheld' | 'second_upheld';

/** A second review in full (GET /v1/second-reviews?state=disagreed), for seniors. */
export interface SecondReviewView {
  id: string;
  status: 'queued' | 'agreed' | 'disagreed';
  caseId: string;
  decisionId: string;
  category: string;
  automated: boolean;
  firstAction: SecondReviewAction;
  firstDecidedBy: PrincipalRef | null;
  secondAction: SecondReviewAction | null;
  reason: string | null;
  agreed: boolean | null;
  reviewedBy: PrincipalRef | null;
  createdAt: string;
  reviewedAt: string | null;
  // Once seniors settle disagreements (the senior queue): absent from an API without it.
  resolution?: Resolution | null;
  resolvedBy?: PrincipalRef | null;
  resolvedAt?: string | null;
  resolutionReason?: string | null;
}

/** POST /v1/second-reviews/disagreements/claim: both sides of the disagreement and the case in full. */
export interface DisagreementAssignment {
  id: string;
  caseId: string;
  category: string;
  /** The first decision was automated. */
  automated?: boolean;
  leaseExpiresAt: string;
  firstAction: SecondReviewAction;
  /** null: an automated decision. */
  firstDecidedBy: PrincipalRef | null;
  firstExplanation: string | null;
  secondAction: SecondReviewAction;
  reason: string;
  reviewedBy: PrincipalRef;
  reviewedAt?: string;
  /** The whole case: the senior tier is not blind. */
  case: CaseDetail;
}

/** POST /v1/second-reviews/{id}/resolution. */
export interface ResolutionOutcome {
  id: string;
  resolution: Resolution;
  resolvedAt: string;
}

export const SECOND_REVIEW_ACTION_LABELS: Record<SecondReviewAction, string> = { remove: 'Remove', no_violation: 'No violation' };
export const actionLabel = (action: string | null) => (action ? SECOND_REVIEW_ACTION_LABELS[action as SecondReviewAction] ?? action : '—');

export const RESOLUTION_LABELS: Record<Resolution, string> = { first_upheld: 'First decision upheld', second_upheld: 'Second review upheld' };

/** "moderator one", or "automated" for a decision nobody made by hand, or the id's start when the name is unknown. */
export const whoLabel = (who: PrincipalRef | null, automated = false) => (who ? who.name ?? who.id.slice(0, 8) : automated ? 'Automated' : 'Unknown');

export const REASON_MAX = 2000;

/** Second reviews are for moderators and seniors (never one's own decision); admins have none. */
export const doesSecondReviews = (principal: Principal) => principal.role === 'moderator' || principal.role === 'senior';
export const seesDisagreements = (principal: Principal) => principal.role === 'senior';

/** Leases the oldest second review the caller may do; null when there is none. */
export const claimSecondReview = () => call<SecondReviewAssignment>('POST', '/v1/second-reviews/claim', {});

/** Leases the oldest unsettled disagreement (seniors); null when there is none. */
export const claimDisagreement = () => call<DisagreementAssignment>('POST', '/v1/second-reviews/disagreements/claim', {});
