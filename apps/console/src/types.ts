// The JSON the console exchanges with the API (docs/console.md, apps/api/src/review/review.dto.ts).

export type Role = 'moderator' | 'senior' | 'admin';
export type Tier = 'standard' | 'senior';
export type CaseState = 'received' | 'queued' | 'in_review' | 'escalated' | 'removing' | 'removed' | 'no_violation' | 'removal_failed';
export type DecisionAction = 'remove' | 'no_violation' | 'escalate';
export type DecisionGround = 'illegal_content' | 'incompatible_content';

export interface Principal {
  id: string;
  name: string;
  role: Role;
}

export interface Session {
  principal: Principal;
  csrfToken: string;
  idleTimeoutSeconds: number;
  expiresAt: string;
  /** Share of the time from first report to deadline after which the deadline shows as a warning. */
  warnAtFraction: number;
}

export interface TierFigures {
  tier: Tier;
  queued: number;
  oldestQueuedSeconds: number | null;
  pastDeadline: number;
  dueWithinHour: number;
}

export interface HeldLease {
  caseId: string;
  postId: string;
  tier: Tier;
  dueAt: string;
  leaseExpiresAt: string;
}

export interface QueueOverview {
  tiers: TierFigures[];
  myLeases: HeldLease[];
  removalFailed: number;
  at: string;
}

export interface Post {
  id: string;
  url: string | null;
  authorId: string | null;
  text: string | null;
  language: string | null;
  mediaUrls: string[];
  postedAt: string | null;
}

export interface CaseReport {
  id: string;
  category: string;
  /** The report's DSA keywords, when the API includes them. */
  specification?: string[];
  reporterKind: string;
  description: string | null;
  receivedAt: string;
}

export interface Decision {
  id: string;
  action: DecisionAction;
  ground: DecisionGround | null;
  legalGround: string | null;
  policy: string | null;
  explanation: string;
  decidedAt: string;
  /** A "no violation" whose notice the moderator marked manifestly unfounded (DSA Art. 23). */
  manifestlyUnfounded?: boolean;
}

/** An internal note on a case: moderators and seniors only, never shown to reporters. */
export interface CaseNote {
  id: string;
  text: string;
  authorId: string;
  authorName: string | null;
  authorRole: string;
  createdAt: string;
}

export interface CaseDetail {
  id: string;
  state: CaseState;
  tier: Tier;
  category: string;
  source: 'notice' | 'own_initiative';
  dueAt: string;
  breached: boolean;
  reportCount: number;
  violent: boolean;
  post: Post;
  reports: CaseReport[];
  /** Triage output; its inner shape is not part of the contract, so it is read defensively (see signals.tsx). */
  signals: Record<string, unknown> | null;
  claimedBy: string | null;
  leaseExpiresAt: string | null;
  firstReportedAt: string;
  decidedAt: string | null;
  decision: Decision | null;
  /** Oldest first; absent from answers that do not carry them. */
  notes?: CaseNote[];
}

export interface EarlierCase {
  id: string;
  state: CaseState;
  category: string;
  firstReportedAt: string;
  decidedAt: string | null;
  removedAt: string | null;
  decision: Pick<Decision, 'action' | 'ground' | 'legalGround' | 'policy' | 'explanation'> | null;
}

export interface ReasonTemplate {
  id: string;
  position: number;
  title: string;
  action: DecisionAction;
  category: string | null;
  ground: DecisionGround | null;
  legalGround: string | null;
  policy: string | null;
  text: string;
}

interface ExposureCounts {
  cases: number;
  violentCases: number;
}

export interface Exposure {
  session: ExposureCounts & { since: string };
  today: ExposureCounts;
  /** Since the last pause of WELLNESS_PAUSE_MINUTES: what the break prompt counts. */
  sincePause: ExposureCounts;
  continuousWorkMinutes: number;
  limits: { breakAfterMinutes: number; breakAfterViolentCases: number; dailyViolentCap: number | null };
  breakDue: boolean;
  violentCapReached: boolean;
}

export interface Preferences {
  blurViolent: boolean;
  grayscaleMedia: boolean;
}

export interface RemovalFailure {
  caseId: string;
  postId: string;
  category: string;
  decidedAt: string;
  attempts: number;
  lastAttemptAt: string | null;
  lastError: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface FieldError {
  path: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldError[];
}

export interface DecisionBody {
  action: DecisionAction;
  category?: string;
  ground?: DecisionGround;
  legalGround?: string;
  policy?: string;
  explanation: string;
  /** Only with no_violation. */
  manifestlyUnfounded?: boolean;
}

/** A removed case whose post the case on screen repeats. */
export interface RemovedMatch {
  caseId: string;
  postId: string;
  url: string | null;
  decidedAt: string | null;
  removedAt: string | null;
}

/** A claimable case as GET /v1/queue lists it, in claim order. */
export interface QueuedCase {
  id: string;
  postId: string;
  category: string;
  dueAt: string;
  breached: boolean;
  reportCount: number;
  flags: string[];
}
