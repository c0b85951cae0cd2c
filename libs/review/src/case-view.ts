import { caseStatus, CaseStatus } from '@docket/cases';
import { OPEN_CASE_STATES, Tier } from '@docket/database';
import { isViolentCase } from '@docket/wellness';
import type { CaseNoteRow, CaseReportRow, CaseRow, ClaimEventRow, DecisionRow, PostRow } from './review.repository';

export interface CaseSummary {
  id: string;
  state: CaseStatus;
  tier: Tier;
  priority: number;
  category: string;
  dueAt: string;
  breached: boolean;
  reportCount: number;
  postId: string;
  source: 'notice' | 'own_initiative';
  flags: string[];
  /** Flagged as incitement or reported as violence: the console blurs it and counts it against exposure limits. */
  violent: boolean;
  firstReportedAt: string;
  queuedAt: string | null;
}

export interface CaseDetail {
  id: string;
  state: CaseStatus;
  tier: Tier;
  priority: number;
  category: string;
  source: 'notice' | 'own_initiative';
  dueAt: string;
  breached: boolean;
  reportCount: number;
  violent: boolean;
  post: { id: string; url: string | null; authorId: string | null; text: string | null; language: string | null; mediaUrls: string[]; postedAt: string | null };
  reports: { id: string; category: string; reporterKind: string; description: string | null; receivedAt: string }[];
  signals: Record<string, unknown> | null;
  claimedBy: string | null;
  leaseExpiresAt: string | null;
  firstReportedAt: string;
  queuedAt: string | null;
  firstClaimedAt: string | null;
  decidedAt: string | null;
  removedAt: string | null;
  /** Removal decided, the platform's confirmation not yet in. */
  awaitingEnforcement: boolean;
  decision: {
    id: string; action: string; category: string | null; ground: string | null; legalGround: string | null; policy: string | null; explanation: string;
    decidedBy: string | null; decidedAt: string; automatedDetection: boolean; automatedDecision: boolean; manifestlyUnfounded: boolean;
  } | null;
  /** Internal notes of moderators and seniors, oldest first (never shown to reporters). */
  notes: CaseNote[];
}

export interface CaseNote {
  id: string;
  text: string;
  authorId: string;
  authorName: string | null;
  authorRole: string;
  createdAt: string;
}

export const toNote = (n: CaseNoteRow): CaseNote => ({
  id: n.id, text: n.text, authorId: n.authorId, authorName: n.authorName, authorRole: n.authorRole, createdAt: n.createdAt.toISOString(),
});

export interface ClaimEvent {
  action: 'claimed' | 'released' | 'skipped';
  at: string;
  principalId: string | null;
  principalName: string | null;
  role: string;
  /** claimed: when the lease was to end. */
  leaseExpiresAt: string | null;
  /** skipped: until when the case is kept from this principal. */
  skippedUntil: string | null;
}

export function toClaimEvent(e: ClaimEventRow): ClaimEvent {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    action: e.action.slice('case.'.length) as ClaimEvent['action'], at: e.at.toISOString(), principalId: e.principalId, principalName: e.principalName,
    role: e.role, leaseExpiresAt: e.action === 'case.claimed' ? str(e.data.leaseExpiresAt) : null, skippedUntil: e.action === 'case.skipped' ? str(e.data.until) : null,
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Breached once the deadline passed with the case still open, or if it closed late. */
export function isBreached(c: CaseRow, now: Date): boolean {
  return c.breachedAt !== null || (OPEN_CASE_STATES.includes(c.state) && c.dueAt <= now);
}

/** Only a live lease has a holder. */
function lease(c: CaseRow, now: Date) {
  const live = c.leaseExpiresAt !== null && c.leaseExpiresAt > now && c.state === 'queued';
  return { claimedBy: live ? c.claimedBy : null, leaseExpiresAt: live ? iso(c.leaseExpiresAt) : null };
}

export function toSummary(c: CaseRow, now: Date): CaseSummary {
  return {
    id: c.id, state: caseStatus(c, now), tier: c.tier, priority: c.priority, category: c.category, dueAt: c.dueAt.toISOString(),
    breached: isBreached(c, now), reportCount: c.reportCount, postId: c.postId, source: c.source,
    flags: ((c.signals?.flags as string[] | undefined) ?? []), violent: isViolentCase(c), firstReportedAt: c.firstReportedAt.toISOString(), queuedAt: iso(c.queuedAt),
  };
}

export function toDetail(c: CaseRow, post: PostRow, reports: CaseReportRow[], decision: DecisionRow | undefined, notes: CaseNoteRow[], now: Date): CaseDetail {
  return {
    id: c.id, state: caseStatus(c, now), tier: c.tier, priority: c.priority, category: c.category, source: c.source,
    dueAt: c.dueAt.toISOString(), breached: isBreached(c, now), reportCount: c.reportCount, violent: isViolentCase(c),
    post: { id: post.id, url: post.url, authorId: post.authorId, text: post.text, language: post.language, mediaUrls: post.mediaUrls, postedAt: iso(post.postedAt) },
    reports: reports.map((r) => ({ id: r.id, category: r.category, reporterKind: r.reporterKind, description: r.description, receivedAt: r.receivedAt.toISOString() })),
    signals: c.signals, ...lease(c, now), firstReportedAt: c.firstReportedAt.toISOString(), queuedAt: iso(c.queuedAt),
    firstClaimedAt: iso(c.firstClaimedAt), decidedAt: iso(c.decidedAt), removedAt: iso(c.removedAt),
    awaitingEnforcement: c.state === 'removing',
    decision: decision ? { ...decision, decidedAt: decision.decidedAt.toISOString() } : null,
    notes: notes.map(toNote),
  };
}

export interface CaseHistoryEntry {
  id: string;
  state: CaseStatus;
  category: string;
  firstReportedAt: string;
  decidedAt: string | null;
  removedAt: string | null;
  decision: { action: string; category: string | null; ground: string | null; legalGround: string | null; policy: string | null; explanation: string; decidedAt: string } | null;
}

export function toHistoryEntry(c: CaseRow & { decision: DecisionRow | null }, now: Date): CaseHistoryEntry {
  const d = c.decision;
  return {
    id: c.id, state: caseStatus(c, now), category: c.category, firstReportedAt: c.firstReportedAt.toISOString(),
    decidedAt: iso(c.decidedAt), removedAt: iso(c.removedAt),
    // Read as JSON: its timestamp is a string in PostgreSQL's format.
    decision: d && { action: d.action, category: d.category, ground: d.ground, legalGround: d.legalGround, policy: d.policy, explanation: d.explanation, decidedAt: new Date(d.decidedAt).toISOString() },
  };
}

export interface QueueOverview {
  at: string;
  tiers: { tier: Tier; queued: number; inReview: number; oldestQueuedSeconds: number | null; pastDeadline: number; dueWithinHour: number }[];
  myLeases: { caseId: string; postId: string; tier: Tier; dueAt: string; leaseExpiresAt: string }[];
  removalFailed: number;
}
