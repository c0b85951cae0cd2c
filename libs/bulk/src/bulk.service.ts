import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { ApiError, Clock, newId } from '@docket/common';
import { AppConfig } from '@docket/config';
import { BulkAction, Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { sampledForSecondReview } from '@docket/review';
import { BulkDecisionFields, BulkProgress, BulkRepository, BulkRow, Candidate } from './bulk.repository';

/** The most cases one bulk decision may name or match (issue 21). */
export const BULK_MAX_CASES = 1000;
/** Cases decided per transaction. */
export const BULK_BATCH = 200;
/** Eligible cases shown in a preview. */
export const BULK_SAMPLE = 20;
/**
 * Held removal orders run this long after the grace period ends, so a cancel that began just before the end commits
 * before the orders read the cases.
 */
export const BULK_RELEASE_MARGIN_MS = 2000;
/**
 * How long an applier may go without finishing a batch before the reconciler takes the rest over (a batch takes well
 * under a second; a process that has not renewed its lease this long has died).
 */
export const BULK_APPLY_LEASE_MS = 60_000;

export interface BulkSelection {
  caseIds?: string[];
  fingerprintOfCase?: string;
  reporterId?: string;
  from?: string;
  to?: string;
  category?: string;
}

export interface BulkDecisionInput {
  action: BulkAction;
  ground?: string;
  legalGround?: string;
  policy?: string;
  category?: string;
  explanation: string;
}

export type ExclusionReason = 'not_found' | 'not_yet_triaged' | 'leased_by_someone_else' | 'already_decided' | 'already_closed' | 'different_fingerprint';

export interface BulkPreview {
  token: string;
  expiresAt: string;
  eligible: number;
  sample: { caseId: string; postId: string; postText: string | null; category: string; dueAt: string }[];
  excluded: { caseId: string; why: ExclusionReason }[];
}

export type BulkViewStatus = 'previewed' | 'applying' | 'pending' | 'done' | 'cancelled';

export interface BulkView extends BulkProgress {
  id: string;
  status: BulkViewStatus;
  action: BulkAction;
  decision: BulkDecisionFields;
  selection: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  eligible: number;
  appliedAt: string | null;
  cancellableUntil: string | null;
  cancelledAt: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

function actorOf(p: Principal): { id: string; role: string } {
  if (!p.id) throw ApiError.forbidden('a bulk decision needs a principal of its own, not the bootstrap admin key');
  return { id: p.id, role: p.role };
}

/**
 * Bulk decisions (decision 0036): a senior previews a selection (explicit ids, a fingerprint, a reporter's notices)
 * and gets a token bound to them and to the cases eligible then; applying the token decides each case still eligible
 * as a moderator's decision would (decision, audit event, statement of reasons, removal order or callbacks), in
 * batches of BULK_BATCH, one transaction each. Removal orders are held until BULK_GRACE_SECONDS have passed; until
 * then the bulk can be cancelled, which puts its cases back in the queue and leaves its orders nothing to do.
 */
@Injectable()
export class BulkDecisionService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: BulkRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async preview(senior: Principal, selection: BulkSelection, input: BulkDecisionInput): Promise<BulkPreview> {
    const actor = actorOf(senior);
    const now = this.clock.now();
    const candidates = await this.select(selection);
    const excluded: BulkPreview['excluded'] = [];
    const eligible: Candidate[] = [];
    const seen = new Set<string>();
    let fingerprint: string | null | undefined;
    if (selection.caseIds && selection.fingerprintOfCase) fingerprint = await this.fingerprintOf(selection.fingerprintOfCase);
    for (const c of candidates) {
      if (seen.has(c.caseId)) continue;
      seen.add(c.caseId);
      const why = this.exclusion(c, actor.id, now, fingerprint);
      if (why) excluded.push({ caseId: c.caseId, why });
      else eligible.push(c);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.BULK_PREVIEW_SECONDS * 1000);
    await this.tx.run((tx) => this.repo.createPreview(tx, {
      id: newId(), createdBy: actor.id, tokenHash: hashToken(token), selection, decision: fields(input), at: now, expiresAt,
      caseIds: eligible.map((c) => c.caseId),
    }));
    return {
      token, expiresAt: expiresAt.toISOString(), eligible: eligible.length,
      sample: eligible.slice(0, BULK_SAMPLE).map((c) => ({ caseId: c.caseId, postId: c.postId!, postText: c.postText, category: c.category!, dueAt: c.dueAt!.toISOString() })),
      excluded,
    };
  }

  /** Applies a preview's token: see the class. Refuses an unknown, someone else's, used or expired token. */
  async apply(senior: Principal, token: string): Promise<BulkView> {
    const actor = actorOf(senior);
    const started = this.clock.now();
    const bulk = await this.tx.run(async (tx) => {
      const b = await this.repo.byToken(tx, hashToken(token));
      if (!b) throw ApiError.notFound('preview token');
      if (b.createdBy !== actor.id) throw ApiError.forbidden('this preview was made by another principal: preview the selection yourself');
      if (b.status !== 'previewed') throw ApiError.conflict('this preview token was already used: preview again');
      if (b.previewExpiresAt <= started) throw ApiError.unprocessable(`this preview token expired at ${b.previewExpiresAt.toISOString()}: preview again`);
      const cancellableUntil = b.action === 'remove' ? new Date(started.getTime() + this.config.BULK_GRACE_SECONDS * 1000) : null;
      await this.repo.startApplying(tx, b.id, actor.id, started, cancellableUntil, this.leaseFrom(started));
      return { ...b, status: 'applying' as const, appliedAt: started, cancellableUntil };
    });
    await this.applyPending(bulk, actor, await this.repo.pendingCases(this.tx.reader, bulk.id));
    return this.view(bulk.id);
  }

  /**
   * For the reconciler: applies the rest of each bulk decision whose applying process died (its lease ran out), as
   * its applier would have, with a `bulk_decision.resumed` event. Returns how many it took over.
   */
  async resumeStalled(limit: number): Promise<number> {
    let resumed = 0;
    for (; resumed < limit; resumed++) {
      const now = this.clock.now();
      const bulk = await this.repo.takeStalled(this.tx.reader, now, this.leaseFrom(now));
      if (!bulk) break;
      const pending = await this.repo.pendingCases(this.tx.reader, bulk.id);
      await this.tx.run((tx) => this.audit.record(tx, {
        actor: SYSTEM_ACTOR, action: 'bulk_decision.resumed', subjectType: 'bulk_decision', subjectId: bulk.id, at: now, data: { pendingCaseIds: pending },
      }));
      await this.applyPending(bulk, { id: bulk.appliedBy!, role: bulk.appliedByRole }, pending);
    }
    return resumed;
  }

  /** Decides the bulk's `pending` cases, a batch per transaction (each renews the lease), then marks it applied. */
  private async applyPending(bulk: BulkRow, actor: { id: string; role: string }, pending: string[]): Promise<void> {
    const ordersAt = bulk.cancellableUntil && new Date(bulk.cancellableUntil.getTime() + BULK_RELEASE_MARGIN_MS);
    for (let i = 0; i < pending.length; i += BULK_BATCH) {
      const caseIds = pending.slice(i, i + BULK_BATCH);
      const decisionIds = caseIds.map(() => newId());
      const at = this.clock.now();
      await this.tx.run((tx) => this.repo.decideBatch(tx, bulk, {
        caseIds, decisionIds, reviewIds: decisionIds.map((id) => (sampledForSecondReview(id, this.config.QUALITY_SAMPLE_SHARE, false) ? newId() : null)),
        at, actorId: actor.id, actorRole: actor.role, ordersAt, leaseUntil: this.leaseFrom(at),
      }));
    }
    await this.tx.run(async (tx) => {
      const finished = await this.repo.finishApplying(tx, bulk.id);
      if (!finished) return;
      await this.audit.record(tx, {
        actor, action: 'bulk_decision.applied', subjectType: 'bulk_decision', subjectId: bulk.id, at: this.clock.now(),
        data: { ...bulk.decision, cancellableUntil: iso(bulk.cancellableUntil), caseIds: finished.decided, skippedCaseIds: finished.skipped },
      });
    });
  }

  private leaseFrom(at: Date): Date {
    return new Date(at.getTime() + BULK_APPLY_LEASE_MS);
  }

  async view(id: string): Promise<BulkView> {
    const b = await this.repo.find(this.tx.reader, id);
    if (!b) throw ApiError.notFound('bulk decision');
    const progress = (await this.repo.progress(this.tx.reader, id))!;
    return toView(b, progress, this.clock.now());
  }

  /** Within the grace period: the bulk removal is cancelled, its cases go back to the queue, and nothing is sent. */
  async cancel(senior: Principal, id: string): Promise<BulkView> {
    const actor = actorOf(senior);
    await this.tx.run(async (tx) => {
      const b = await this.repo.find(tx, id, true);
      if (!b) throw ApiError.notFound('bulk decision');
      const now = this.clock.now();
      if (b.status === 'cancelled') throw ApiError.conflict('this bulk decision is already cancelled');
      if (b.action !== 'remove') throw ApiError.conflict('only a bulk removal can be cancelled; its "no violation" decisions are final (reversal goes through appeals)');
      if (b.status !== 'applied') throw ApiError.conflict(`this bulk decision is ${b.status === 'previewed' ? 'not applied' : 'still being applied'}; try again shortly`);
      if (!b.cancellableUntil || b.cancellableUntil <= now) {
        throw ApiError.conflict(`the grace period ended at ${iso(b.cancellableUntil)}: its removals are released; reversal goes through appeals`);
      }
      const caseIds = await this.repo.cancel(tx, id, now, actor);
      await this.audit.record(tx, { actor, action: 'bulk_decision.cancelled', subjectType: 'bulk_decision', subjectId: id, at: now, data: { caseIds } });
    });
    return this.view(id);
  }

  private async select(s: BulkSelection): Promise<Candidate[]> {
    const kinds = [s.caseIds !== undefined, s.fingerprintOfCase !== undefined && s.caseIds === undefined, s.reporterId !== undefined].filter(Boolean).length;
    if (kinds !== 1) {
      throw ApiError.validation([{ path: 'selection', message: 'must name cases one way: caseIds (optionally with fingerprintOfCase), fingerprintOfCase, or reporterId with from and to' }]);
    }
    const tooMany = () => ApiError.validation([{ path: 'selection', message: `matches more than ${BULK_MAX_CASES} cases: narrow the selection` }]);
    if (s.caseIds) {
      if (s.caseIds.length > BULK_MAX_CASES) throw tooMany();
      return this.repo.byIds(this.tx.reader, s.caseIds);
    }
    let found: Candidate[];
    if (s.fingerprintOfCase) {
      const print = await this.fingerprintOf(s.fingerprintOfCase);
      found = await this.repo.byFingerprint(this.tx.reader, print, BULK_MAX_CASES + 1);
    } else {
      if (!s.from || !s.to) throw ApiError.validation([{ path: s.from ? 'selection.to' : 'selection.from', message: 'is required with reporterId' }]);
      const from = new Date(s.from);
      const to = new Date(s.to);
      if (!(from < to)) throw ApiError.validation([{ path: 'selection.to', message: 'must be after from' }]);
      found = await this.repo.byReporter(this.tx.reader, { reporterId: s.reporterId!, from, to, category: s.category }, BULK_MAX_CASES + 1);
    }
    if (found.length > BULK_MAX_CASES) throw tooMany();
    return found;
  }

  private async fingerprintOf(caseId: string): Promise<string> {
    const c = await this.repo.fingerprintOf(this.tx.reader, caseId);
    if (!c) throw ApiError.unprocessable('selection.fingerprintOfCase: no such case', [{ path: 'selection.fingerprintOfCase', message: 'no such case' }]);
    if (!c.fingerprint) {
      throw ApiError.unprocessable('selection.fingerprintOfCase: this case has no fingerprint yet (not triaged, or no text)',
        [{ path: 'selection.fingerprintOfCase', message: 'has no fingerprint yet (not triaged, or no text)' }]);
    }
    return c.fingerprint;
  }

  private exclusion(c: Candidate, holder: string, now: Date, fingerprint: string | null | undefined): ExclusionReason | undefined {
    if (!c.state) return 'not_found';
    if (c.state === 'removed' || c.state === 'no_violation') return 'already_closed';
    if (c.state === 'removing' || c.state === 'removal_failed') return 'already_decided';
    if (c.state === 'received') return 'not_yet_triaged';
    if (fingerprint !== undefined && c.fingerprint !== fingerprint) return 'different_fingerprint';
    if (c.claimedBy && c.claimedBy !== holder && c.leaseExpiresAt && c.leaseExpiresAt > now) return 'leased_by_someone_else';
    return undefined;
  }
}

function fields(d: BulkDecisionInput): BulkDecisionFields {
  const removal = d.action === 'remove';
  return {
    action: d.action,
    ground: removal ? d.ground ?? null : null,
    legalGround: removal && d.ground === 'illegal_content' ? d.legalGround ?? null : null,
    policy: removal && d.ground === 'incompatible_content' ? d.policy ?? null : null,
    category: removal ? d.category ?? null : null,
    explanation: d.explanation,
  };
}

function toView(b: BulkRow, p: BulkProgress, now: Date): BulkView {
  let status: BulkViewStatus;
  if (b.status === 'applied') status = b.cancellableUntil && b.cancellableUntil > now ? 'pending' : 'done';
  else status = b.status;
  return {
    id: b.id, status, action: b.action, decision: b.decision, selection: b.selection, createdBy: b.createdBy, createdAt: b.createdAt.toISOString(),
    eligible: b.eligible, ...p, appliedAt: iso(b.appliedAt), cancellableUntil: iso(b.cancellableUntil), cancelledAt: iso(b.cancelledAt),
  };
}
