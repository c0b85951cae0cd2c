import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock, Page, decodeCursor, toPage } from '@docket/common';
import { AppConfig } from '@docket/config';
import { SecondReviewAction, SecondReviewResolution, SecondReviewState, Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { CaseDetail, ReviewService } from '@docket/review';
import { AgreementRow, Named, Period, QualityRepository, SecondReviewRow } from './quality.repository';

/** The case as the second reviewer sees it: the post, the notices and the signals; never the first decision or the case's state. */
export interface BlindCase {
  id: string;
  category: string;
  source: CaseDetail['source'];
  reportCount: number;
  violent: boolean;
  firstReportedAt: string;
  post: CaseDetail['post'];
  reports: CaseDetail['reports'];
  signals: CaseDetail['signals'];
}

/** A claimed second review: what to review, blind to the first decision. */
export interface SecondReviewAssignment {
  id: string;
  category: string;
  leaseExpiresAt: string;
  case: BlindCase;
}

/** A closed second review, as its reviewer gets it back. */
export interface SecondReviewOutcome {
  id: string;
  status: 'agreed' | 'disagreed';
  secondAction: SecondReviewAction;
  agreed: boolean;
  reviewedAt: string;
}

/** A second review in full, for the senior tier. */
export interface SecondReviewView {
  id: string;
  status: SecondReviewState;
  caseId: string;
  decisionId: string;
  category: string;
  automated: boolean;
  firstAction: SecondReviewAction;
  firstDecidedBy: { id: string; name: string | null } | null;
  secondAction: SecondReviewAction | null;
  reason: string | null;
  agreed: boolean | null;
  reviewedBy: { id: string; name: string | null } | null;
  createdAt: string;
  reviewedAt: string | null;
  resolution: SecondReviewResolution | null;
  resolutionReason: string | null;
  resolvedBy: { id: string; name: string | null } | null;
  resolvedAt: string | null;
}

/** A disagreement leased by a senior: both decisions and the whole case (the senior tier is not blind). */
export interface DisagreementAssignment {
  id: string;
  caseId: string;
  decisionId: string;
  category: string;
  automated: boolean;
  leaseExpiresAt: string;
  firstAction: SecondReviewAction;
  firstDecidedBy: { id: string; name: string | null } | null;
  firstExplanation: string | null;
  secondAction: SecondReviewAction;
  reason: string;
  reviewedBy: { id: string; name: string | null };
  reviewedAt: string;
  case: CaseDetail;
}

/** A resolved disagreement, as the senior gets it back. */
export interface DisagreementOutcome {
  id: string;
  resolution: SecondReviewResolution;
  resolvedAt: string;
}

export interface AgreementFigures {
  reviewed: number;
  agreed: number;
  disagreed: number;
  /** agreed / reviewed, four decimals; null when nothing was reviewed. */
  agreementRate: number | null;
  /** Disagreements a senior resolved, and for which of the two decisions. */
  resolved: number;
  firstUpheld: number;
  secondUpheld: number;
}

export interface AgreementReport {
  from: string | null;
  to: string | null;
  categories: (AgreementFigures & { category: string })[];
  moderators: (AgreementFigures & { moderatorId: string | null; name: string | null })[];
  total: AgreementFigures;
}

export type AuditAgreementReport = Omit<AgreementReport, 'moderators'>;

const figures = (r: Omit<AgreementRow, 'key' | 'name'>): AgreementFigures => ({
  reviewed: r.reviewed, agreed: r.agreed, disagreed: r.disagreed, agreementRate: r.agreementRate,
  resolved: r.resolved, firstUpheld: r.firstUpheld, secondUpheld: r.secondUpheld,
});

/**
 * Quality sampling (issue 21.3, decision 0037). The decision's statement queues sampled decisions here; another
 * moderator claims one with a lease (never their own decision), reviews the case blind and closes it with an action.
 * Agreement is the same action; a disagreement is listed for the senior tier. Figures per category and per first
 * decider for seniors; per category only for auditors.
 */
@Injectable()
export class QualityService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: QualityRepository,
    private readonly review: ReviewService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Leases the oldest second review the caller may do (never of their own decision), of one category when given. */
  async claim(moderator: Principal, category?: string): Promise<SecondReviewAssignment | undefined> {
    const holder = holderOf(moderator);
    const now = this.clock.now();
    const claimed = await this.repo.claim(this.tx.reader, {
      now, holder, leaseUntil: new Date(now.getTime() + this.config.LEASE_SECONDS * 1000), actorRole: moderator.role,
      category: category ?? null,
    });
    if (!claimed) return undefined;
    const c = await this.review.detail(claimed.caseId);
    return {
      id: claimed.id, category: claimed.category, leaseExpiresAt: claimed.leaseExpiresAt!.toISOString(),
      case: {
        id: c.id, category: c.category, source: c.source, reportCount: c.reportCount, violent: c.violent, firstReportedAt: c.firstReportedAt,
        post: c.post, reports: c.reports, signals: c.signals,
      },
    };
  }

  async decide(moderator: Principal, id: string, input: { action: SecondReviewAction; reason: string }): Promise<SecondReviewOutcome> {
    const holder = holderOf(moderator);
    const now = this.clock.now();
    const closed = await this.repo.decide(this.tx.reader, { id, holder, now, action: input.action, reason: input.reason, actorRole: moderator.role });
    if (!closed) throw await this.notLeased(id);
    return { id: closed.id, status: closed.agreed ? 'agreed' : 'disagreed', secondAction: closed.secondAction!, agreed: closed.agreed!, reviewedAt: closed.reviewedAt!.toISOString() };
  }

  /** Keeps the caller's lease on a second review or a disagreement for another LEASE_SECONDS. */
  async heartbeat(moderator: Principal, id: string): Promise<{ leaseExpiresAt: string }> {
    const holder = holderOf(moderator);
    const now = this.clock.now();
    const renewed = await this.repo.heartbeat(this.tx.reader, { id, holder, now, leaseUntil: new Date(now.getTime() + this.config.LEASE_SECONDS * 1000) });
    if (!renewed) throw await this.notLeased(id);
    return { leaseExpiresAt: renewed.leaseExpiresAt.toISOString() };
  }

  /** Gives the second review back to the queue. */
  async release(moderator: Principal, id: string): Promise<void> {
    const holder = holderOf(moderator);
    if (await this.repo.release(this.tx.reader, { id, holder, now: this.clock.now(), actorRole: moderator.role })) return;
    throw await this.notLeased(id);
  }

  /**
   * The senior tier's queue: leases the oldest unresolved disagreement to a senior who took neither decision, with
   * both decisions and the whole case.
   */
  async claimDisagreement(senior: Principal, category?: string): Promise<DisagreementAssignment | undefined> {
    const holder = holderOf(senior);
    const now = this.clock.now();
    const claimed = await this.repo.claimDisagreement(this.tx.reader, {
      now, holder, leaseUntil: new Date(now.getTime() + this.config.LEASE_SECONDS * 1000), actorRole: senior.role, category: category ?? null,
    });
    if (!claimed) return undefined;
    const c = await this.review.detail(claimed.caseId);
    const view = viewOf(claimed);
    return {
      id: claimed.id, caseId: claimed.caseId, decisionId: claimed.decisionId, category: claimed.category, automated: claimed.automated,
      leaseExpiresAt: claimed.leaseExpiresAt!.toISOString(), firstAction: claimed.firstAction, firstDecidedBy: view.firstDecidedBy, firstExplanation: claimed.firstExplanation,
      secondAction: claimed.secondAction!, reason: claimed.reason!, reviewedBy: view.reviewedBy!, reviewedAt: claimed.reviewedAt!.toISOString(), case: c,
    };
  }

  /** A senior's verdict on the disagreement they hold: `first` (the first decision was right) or `second`. */
  async resolve(senior: Principal, id: string, input: { upheld: 'first' | 'second'; reason: string }): Promise<DisagreementOutcome> {
    const holder = holderOf(senior);
    const resolved = await this.repo.resolve(this.tx.reader, {
      id, holder, now: this.clock.now(), resolution: input.upheld === 'first' ? 'first_upheld' : 'second_upheld', reason: input.reason, actorRole: senior.role,
    });
    if (!resolved) throw await this.notLeased(id);
    return { id: resolved.id, resolution: resolved.resolution!, resolvedAt: resolved.resolvedAt!.toISOString() };
  }

  /** Second reviews in a state: `disagreed` (the default) is the senior tier's list; `resolved` narrows it. */
  async list(state: SecondReviewState, limit: number, cursor?: string, resolved: boolean | null = null): Promise<Page<SecondReviewView>> {
    const after = decodeCursor<{ at: string; id: string }>(cursor, ['at', 'id']);
    const fetched = await this.repo.list(this.tx.reader, { state, resolved, limit: limit + 1, after });
    return toPage(fetched, limit, viewOf, (r) => ({ at: (state === 'queued' ? r.createdAt : r.reviewedAt!).toISOString(), id: r.id }));
  }

  private async notLeased(id: string): Promise<ApiError> {
    const found = await this.repo.find(this.tx.reader, id);
    if (!found) return ApiError.notFound('second review');
    if (found.resolvedAt) return ApiError.conflict(`this disagreement is already resolved (${found.resolution})`);
    if (found.state === 'agreed') return ApiError.conflict('this second review is already closed (agreed)');
    if (found.state === 'disagreed' && found.claimedBy === null) return ApiError.conflict('this second review is closed; its disagreement is not leased to you');
    return ApiError.conflict('you do not hold a live lease on this second review');
  }

  /** For seniors: per category and per first decider (automated decisions: moderatorId null). */
  async agreement(period: Period): Promise<AgreementReport> {
    const [categories, moderators, total] = await Promise.all([
      this.repo.byCategory(this.tx.reader, period), this.repo.byModerator(this.tx.reader, period), this.repo.total(this.tx.reader, period),
    ]);
    return {
      ...bounds(period),
      categories: categories.map((r) => ({ category: r.key!, ...figures(r) })),
      moderators: moderators.map((r) => ({ moderatorId: r.key, name: r.name ?? null, ...figures(r) })),
      total: figures(total),
    };
  }

  /** For auditors: the aggregate per category only (no moderator), the export recorded as an audit event. */
  async auditAgreement(auditor: Principal, period: Period, format: string): Promise<AuditAgreementReport> {
    await this.tx.run((tx) => this.audit.record(tx, {
      actor: { id: auditor.id, role: auditor.role }, action: 'audit.exported', subjectType: 'export', subjectId: 'agreement', at: this.clock.now(),
      data: { ...bounds(period), format },
    }));
    const [categories, total] = await Promise.all([this.repo.byCategory(this.tx.reader, period), this.repo.total(this.tx.reader, period)]);
    return { ...bounds(period), categories: categories.map((r) => ({ category: r.key!, ...figures(r) })), total: figures(total) };
  }
}

const bounds = (p: Period) => ({ from: p.from?.toISOString() ?? null, to: p.to?.toISOString() ?? null });

function viewOf(r: SecondReviewRow & Named): SecondReviewView {
  return {
    id: r.id, status: r.state, caseId: r.caseId, decisionId: r.decisionId, category: r.category, automated: r.automated, firstAction: r.firstAction,
    firstDecidedBy: r.firstDecidedBy ? { id: r.firstDecidedBy, name: r.firstDecidedByName } : null,
    secondAction: r.secondAction, reason: r.reason, agreed: r.agreed,
    reviewedBy: r.reviewedBy ? { id: r.reviewedBy, name: r.reviewedByName } : null,
    createdAt: r.createdAt.toISOString(), reviewedAt: r.reviewedAt?.toISOString() ?? null,
    resolution: r.resolution, resolutionReason: r.resolutionReason,
    resolvedBy: r.resolvedBy ? { id: r.resolvedBy, name: r.resolvedByName } : null, resolvedAt: r.resolvedAt?.toISOString() ?? null,
  };
}

function holderOf(p: Principal): string {
  if (!p.id) throw ApiError.forbidden('second reviews need a principal of their own, not the bootstrap admin key');
  return p.id;
}
