import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock, Page, decodeCursor, newId, toPage } from '@docket/common';
import { AppConfig } from '@docket/config';
import { AppealOutcome, AppealState, Appellant, DecisionGround, Tier, Transactions } from '@docket/database';
import { DeadlinePolicyRepository, appealWindowSeconds, warningAt } from '@docket/deadlines';
import { removalOrderJob } from '@docket/enforcement';
import type { Principal } from '@docket/principals';
import { Outbox } from '@docket/queue';
import { CaseDetail, ReviewService } from '@docket/review';
import { AppealReceipt, AppealView, appealView } from './appeal-view';
import { AppealRow, AppealsRepository } from './appeals.repository';
import { TIERS } from '@docket/database';
import { appealResolvedJob, restoreOrderJob } from './appeal-jobs';

const DAY_MS = 24 * 3600 * 1000;

export interface AppealInput {
  decisionId: string;
  appellant: Appellant;
  statement: string;
  externalRef?: string;
}

export interface AppealDecisionInput {
  outcome: AppealOutcome;
  reason: string;
  /** For overturning a "no violation": the removal's category, ground and law or clause, as for any removal. */
  category?: string;
  ground?: DecisionGround;
  legalGround?: string;
  policy?: string;
}

/** An appeal as the moderator who claimed it sees it: the contested decision, its case (post, reports) and the appeal. */
export interface AppealDetail extends AppealView {
  /** The reader holds the live lease: the outcome is theirs to give. */
  heldByYou: boolean;
  contestedDecision: CaseDetail['decision'];
  case: CaseDetail;
}

export interface AppealsOverview {
  at: string;
  tiers: { tier: Tier; queued: number; inReview: number; pastDeadline: number; nextDueAt: string | null }[];
}

/**
 * Appeals (DSA Art. 20). Filing checks who may contest what (the platform for a removed post's author, a reporter for
 * the decision on its own notice), within APPEAL_WINDOW_DAYS, once per decision and appellant. Appeals are queued by
 * their deadline (the policy's appeal window) and claimed with leases like cases, never by the moderator whose
 * decision they contest. An outcome is one transaction: the appeal closed, an overturning decision recorded beside the
 * contested one, the platform order (restore, or removal) and the appellant's callback in the outbox, the events.
 */
@Injectable()
export class AppealsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: AppealsRepository,
    private readonly policies: DeadlinePolicyRepository,
    private readonly review: ReviewService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Files an appeal; `replayed` when the same Idempotency-Key and body were filed before (the same receipt). */
  async file(filer: Principal, input: AppealInput, idempotencyKey?: string): Promise<{ receipt: AppealReceipt; replayed: boolean }> {
    const filedBy = this.filerId(filer, input.appellant);
    const requestHash = hashOf(input);
    return this.tx.run(async (tx) => {
      if (idempotencyKey) {
        const earlier = await this.repo.byIdempotencyKey(tx, filedBy, idempotencyKey);
        if (earlier) {
          if (earlier.requestHash !== requestHash) throw ApiError.unprocessable('this Idempotency-Key was used before with a different body');
          return { receipt: receiptOf(earlier), replayed: true };
        }
      }
      const now = this.clock.now();
      const contested = await this.repo.contested(tx, input.decisionId);
      const reportId = contested && input.appellant === 'notifier' ? await this.repo.notifierReport(tx, contested.caseId, filedBy, contested.decidedAt) : null;
      if (!contested || (input.appellant === 'notifier' && !reportId)) {
        throw new ApiError(404, input.appellant === 'notifier' ? 'decision not found among the decisions on your notices' : 'decision not found');
      }
      if (contested.action === 'escalate') throw ApiError.conflict('an escalation is not a final decision: appeal the decision that followed it');
      if (contested.superseded) throw ApiError.conflict('a later decision replaced this one: appeal that one');
      if (input.appellant === 'author' && contested.action !== 'remove') throw ApiError.unprocessable('an author appeals a removal; this decision found no violation');
      if (input.appellant === 'notifier' && contested.action !== 'no_violation') throw ApiError.unprocessable('a notifier appeals a "no violation"; this decision removed the post');
      if (contested.action === 'remove' && contested.caseState !== 'removed') throw ApiError.conflict('the platform has not confirmed this removal yet');
      const windowEnds = new Date(contested.decidedAt.getTime() + this.config.APPEAL_WINDOW_DAYS * DAY_MS);
      if (now >= windowEnds) {
        throw ApiError.unprocessable(`the appeal window of ${this.config.APPEAL_WINDOW_DAYS} days from the decision ended at ${windowEnds.toISOString()}`);
      }
      const policy = await this.policies.current(tx);
      const dueAt = new Date(now.getTime() + appealWindowSeconds(policy.policy, contested.category) * 1000);
      const inserted = await this.repo.insert(tx, {
        id: newId(), decisionId: contested.id, caseId: contested.caseId, appellant: input.appellant, filedBy, reportId: reportId ?? null,
        statement: input.statement, externalRef: input.externalRef ?? null, idempotencyKey: idempotencyKey ?? null, requestHash,
        contestedAction: contested.action, contestedBy: contested.decidedBy, category: contested.category, receivedAt: now, dueAt,
        warnAt: warningAt({ caseId: contested.caseId, windowStart: now, dueAt, warnAtFraction: policy.policy.warnAtFraction }),
      });
      if (!inserted) throw ApiError.conflict(`this ${input.appellant} has already appealed this decision`);
      await this.audit.record(tx, {
        actor: { id: filedBy, role: filer.role }, action: 'appeal.filed', subjectType: 'appeal', subjectId: inserted.id, at: now,
        data: { decisionId: contested.id, caseId: contested.caseId, appellant: input.appellant, dueAt: dueAt.toISOString() },
      });
      return { receipt: receiptOf(inserted), replayed: false };
    });
  }

  /** The appeal, for its filer (others get 404: an appeal reveals a notice) or for staff. */
  async get(reader: Principal, id: string): Promise<AppealView> {
    const appeal = await this.repo.find(this.tx.reader, id);
    if (!appeal || ((reader.role === 'reporter' || reader.role === 'platform') && appeal.filedBy !== reader.id)) throw ApiError.notFound('appeal');
    return appealView(appeal, this.clock.now());
  }

  /** Appeals in a stored state, oldest first: the queue's backlog, or the restorations a senior must retry. */
  async list(state: AppealState, limit: number, cursor?: string): Promise<Page<AppealView>> {
    const after = decodeCursor<{ receivedAt: string; id: string }>(cursor, ['receivedAt', 'id']);
    const now = this.clock.now();
    const fetched = await this.repo.list(this.tx.reader, { state, limit: limit + 1, after });
    return toPage(fetched, limit, (a) => appealView(a, now), (a) => ({ receivedAt: a.receivedAt.toISOString(), id: a.id }));
  }

  /** Per tier, every tier listed (an empty one as zeros): what waits, what is in review, what is late. */
  async overview(): Promise<AppealsOverview> {
    const now = this.clock.now();
    const found = await this.repo.overview(this.tx.reader, now);
    return {
      at: now.toISOString(),
      tiers: TIERS.map((tier) => {
        const row = found.find((r) => r.tier === tier);
        return { tier, queued: row?.queued ?? 0, inReview: row?.inReview ?? 0, pastDeadline: row?.pastDeadline ?? 0, nextDueAt: row?.nextDueAt?.toISOString() ?? null };
      }),
    };
  }

  async claim(moderator: Principal, tier: Tier): Promise<AppealDetail | undefined> {
    const holder = holderOf(moderator);
    if (tier === 'senior' && moderator.role === 'moderator') throw ApiError.forbidden('the senior tier is worked by role senior');
    const now = this.clock.now();
    const claimed = await this.repo.claim(this.tx.reader, { tier, now, holder, leaseUntil: this.leaseFrom(now), actorRole: moderator.role });
    return claimed && this.detailOf(claimed, now, holder);
  }

  async detail(reader: Principal, id: string): Promise<AppealDetail> {
    const appeal = await this.repo.find(this.tx.reader, id);
    if (!appeal) throw ApiError.notFound('appeal');
    return this.detailOf(appeal, this.clock.now(), reader.id);
  }

  async heartbeat(moderator: Principal, id: string): Promise<{ leaseExpiresAt: string }> {
    const now = this.clock.now();
    const until = await this.repo.renewLease(this.tx.reader, { id, holder: holderOf(moderator), now, leaseUntil: this.leaseFrom(now) });
    if (!until) throw await this.notLeased(id);
    return { leaseExpiresAt: until.toISOString() };
  }

  async release(moderator: Principal, id: string): Promise<void> {
    const holder = holderOf(moderator);
    const now = this.clock.now();
    const released = await this.tx.run(async (tx) => {
      if (!(await this.repo.releaseLease(tx, { id, holder, now }))) return false;
      await this.audit.record(tx, { actor: { id: holder, role: moderator.role }, action: 'appeal.released', subjectType: 'appeal', subjectId: id, at: now });
      return true;
    });
    if (!released) throw await this.notLeased(id);
  }

  /**
   * Upholds or overturns. Overturning records a new decision beside the contested one: a removal overturned is a
   * "no violation" and a restore order to the platform; a "no violation" overturned is a removal, enforced as any.
   */
  async decide(moderator: Principal, id: string, input: AppealDecisionInput): Promise<AppealView> {
    const holder = holderOf(moderator);
    const now = this.clock.now();
    // The common outcomes (uphold; overturn of a removal) are one statement; the rest, and every refusal, below.
    const overturning = input.outcome === 'overturn' ? newId() : null;
    const inOne = await this.repo.decideInOne(this.tx.reader, {
      id, holder, now, seniorAllowed: moderator.role !== 'moderator', outcome: input.outcome, reason: input.reason, newDecisionId: overturning,
      state: overturning ? 'restoring' : 'upheld', actorRole: moderator.role,
      jobs: overturning ? [appealResolvedJob(id), restoreOrderJob(id, overturning)] : [appealResolvedJob(id)],
    });
    if (inOne) return appealView(inOne, now);
    // The overturn of a "no violation": a removal decision that reopens the case for enforcement, if it can.
    const decided = await this.tx.run(async (tx) => {
      const appeal = await this.repo.leased(tx, id, holder, now);
      if (!appeal) throw await this.notLeased(id);
      if (appeal.tier === 'senior' && moderator.role === 'moderator') throw ApiError.forbidden('appeals past their deadline are decided by role senior');
      if (input.outcome !== 'overturn' || appeal.contestedAction !== 'no_violation') throw ApiError.conflict('the appeal changed while deciding; read it again');
      if (!input.ground) throw ApiError.validation([{ path: 'ground', message: 'is required to overturn a "no violation": illegal_content or incompatible_content' }]);
      const newDecisionId = newId();
      await this.repo.insertDecision(tx, {
        id: newDecisionId, caseId: appeal.caseId, action: 'remove', category: input.category ?? appeal.category, ground: input.ground,
        legalGround: input.ground === 'illegal_content' ? input.legalGround ?? null : null,
        policy: input.ground === 'incompatible_content' ? input.policy ?? null : null,
        explanation: input.reason, decidedBy: holder, decidedAt: now,
      });
      if (!(await this.repo.reopenForRemoval(tx, appeal.caseId, now))) throw ApiError.conflict('the post has another open case: decide the removal there');
      const closed = await this.repo.close(tx, appeal.id, { state: 'overturned', outcome: 'overturn', reason: input.reason, decidedBy: holder, decidedAt: now, newDecisionId });
      await this.outbox.add(tx, [appealResolvedJob(appeal.id), removalOrderJob(appeal.caseId, newDecisionId)]);
      const actor = { id: holder, role: moderator.role };
      await this.audit.record(tx, [
        {
          actor, action: 'case.decided', subjectType: 'case', subjectId: appeal.caseId, at: now,
          data: { decisionId: newDecisionId, action: 'remove', ground: input.ground, appealId: appeal.id, before: { state: 'no_violation' } },
        },
        {
          actor, action: 'appeal.decided', subjectType: 'appeal', subjectId: appeal.id, at: now,
          data: { outcome: 'overturn', contestedDecisionId: appeal.decisionId, newDecisionId, caseId: appeal.caseId, before: { state: appeal.state, tier: appeal.tier } },
        },
      ]);
      return closed;
    });
    return appealView(decided, now);
  }

  private async detailOf(appeal: AppealRow, now: Date, readerId: string | null): Promise<AppealDetail> {
    const caseDetail = await this.review.detail(appeal.caseId);
    // Appeals are filed on a case's current decision: it is read again only if another one replaced it since.
    const contested = caseDetail.decision?.id === appeal.decisionId ? caseDetail.decision : await this.review.decisionOf(appeal.decisionId);
    const view = appealView(appeal, now);
    return { ...view, heldByYou: view.status === 'in_review' && readerId !== null && appeal.claimedBy === readerId, contestedDecision: contested, case: caseDetail };
  }

  private async notLeased(id: string): Promise<ApiError> {
    const appeal = await this.repo.find(this.tx.reader, id);
    if (!appeal) return ApiError.notFound('appeal');
    if (appeal.state !== 'queued') return ApiError.conflict(`this appeal is already decided (${appeal.state})`);
    return ApiError.conflict('you do not hold a live lease on this appeal');
  }

  private filerId(filer: Principal, appellant: Appellant): string {
    if (appellant === 'author' && filer.role !== 'platform' && filer.role !== 'admin') throw ApiError.forbidden("an author's appeal is filed by the platform");
    if (appellant === 'notifier' && filer.role !== 'reporter' && filer.role !== 'admin') throw ApiError.forbidden("a notifier's appeal is filed by the reporter that filed the notice");
    if (!filer.id) throw ApiError.forbidden('filing an appeal needs a principal of its own, not the bootstrap admin key');
    return filer.id;
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.LEASE_SECONDS * 1000);
  }
}

function holderOf(p: Principal): string {
  if (!p.id) throw ApiError.forbidden('working the queue needs a principal of its own, not the bootstrap admin key');
  return p.id;
}

function hashOf(input: AppealInput): string {
  return createHash('sha256').update(JSON.stringify([input.decisionId, input.appellant, input.statement, input.externalRef ?? null])).digest('hex');
}

function receiptOf(a: AppealRow): AppealReceipt {
  return { id: a.id, decisionId: a.decisionId, status: 'received', receivedAt: a.receivedAt.toISOString(), dueAt: a.dueAt.toISOString() };
}
