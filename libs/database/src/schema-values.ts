/**
 * The values the schema's CHECK constraints allow, for the code to name them. The migrations are the one source of
 * truth for the schema (decision 0024); `test/schema.e2e-spec.ts` checks these lists against the migrated database.
 */
export const ROLES = ['admin', 'moderator', 'senior', 'auditor', 'reporter', 'platform'] as const;
export type Role = (typeof ROLES)[number];
export const REPORTER_KINDS = ['hosting_provider', 'trusted_flagger', 'authority', 'user'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/**
 * Stored states. `in_review` and `escalated` are not stored: a queued case with a
 * live lease is in review, and a queued case on the senior tier is escalated.
 * Deriving them is what lets an expired lease free a case without any job.
 */
export const CASE_STATES = ['received', 'queued', 'removing', 'removed', 'no_violation', 'removal_failed'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const OPEN_CASE_STATES: readonly CaseState[] = ['received', 'queued', 'removing', 'removal_failed'];
export const TIERS = ['standard', 'senior'] as const;
export type Tier = (typeof TIERS)[number];
export const CASE_SOURCES = ['notice', 'own_initiative'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const DECISION_ACTIONS = ['remove', 'no_violation', 'escalate'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
export const DECISION_GROUNDS = ['illegal_content', 'incompatible_content'] as const;
export type DecisionGround = (typeof DECISION_GROUNDS)[number];

/** An own-initiative scan, from the request to its last post's result. */
export const SCAN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** An appeal's stored state; `received` (the receipt) and `in_review` (a live lease) are derived, as for cases. */
export const APPEAL_STATES = ['queued', 'upheld', 'overturned', 'restoring', 'restored', 'restore_failed'] as const;
export type AppealState = (typeof APPEAL_STATES)[number];
export const APPELLANTS = ['author', 'notifier'] as const;
export type Appellant = (typeof APPELLANTS)[number];
export const APPEAL_OUTCOMES = ['uphold', 'overturn'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** A second review (quality sampling, decision 0037): queued until reviewed, then agreed or disagreed with the first decision. */
export const SECOND_REVIEW_STATES = ['queued', 'agreed', 'disagreed'] as const;
export type SecondReviewState = (typeof SECOND_REVIEW_STATES)[number];
/** The final actions a second review compares (an escalation is not final, so never sampled). */
export const SECOND_REVIEW_ACTIONS = ['remove', 'no_violation'] as const;
export type SecondReviewAction = (typeof SECOND_REVIEW_ACTIONS)[number];

/** A senior's verdict on a disagreement: which of the two decisions was right. */
export const SECOND_REVIEW_RESOLUTIONS = ['first_upheld', 'second_upheld'] as const;
export type SecondReviewResolution = (typeof SECOND_REVIEW_RESOLUTIONS)[number];

/** A bulk decision (decision 0036): previewed (a token), applying, applied (orders held for the grace period), cancelled. */
export const BULK_STATUSES = ['previewed', 'applying', 'applied', 'cancelled'] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];
/** What a bulk decision may decide: a final action (an escalation in bulk is not offered). */
export const BULK_ACTIONS = ['remove', 'no_violation'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
/** A case of a bulk decision: eligible at preview, then decided, skipped (no longer eligible at apply) or cancelled. */
export const BULK_CASE_OUTCOMES = ['eligible', 'decided', 'skipped', 'cancelled'] as const;
export type BulkCaseOutcome = (typeof BULK_CASE_OUTCOMES)[number];
