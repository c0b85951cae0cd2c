import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock, Page, decodeCursor, newId, toPage } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Tier, Transactions, Tx } from '@docket/database';
import type { Principal } from '@docket/principals';
import { WellnessService } from '@docket/wellness';
import {
  CaseDetail, CaseHistoryEntry, CaseNote, CaseSummary, ClaimEvent, QueueOverview, toClaimEvent, toDetail, toHistoryEntry, toNote, toSummary,
} from './case-view';
import { CaseWithDetails, QueuePosition, ReviewRepository, TierCounts } from './review.repository';

const OVERVIEW_CACHE_MS = 2000;

/** Working the queue: list, claim, keep and give back a lease, and read a case. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ReviewRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly wellness: WellnessService,
  ) {}

  /** Queue-wide figures are read at most once per interval per process, however many consoles poll. */
  private tierCounts?: { at: number; counts: Promise<{ tiers: TierCounts[]; removalFailed: number }> };

  async queue(reader: Principal, tier: Tier, limit: number, cursor?: string): Promise<Page<CaseSummary>> {
    assertTier(reader, tier);
    const now = this.clock.now();
    const raw = decodeCursor<Record<string, string>>(cursor, ['dueAt', 'reportCount', 'firstReportedAt', 'id']);
    const after: QueuePosition | undefined = raw && { dueAt: raw.dueAt, reportCount: Number(raw.reportCount), firstReportedAt: raw.firstReportedAt, id: raw.id };
    const fetched = await this.repo.queue(this.tx.reader, { tier, now, after, limit: limit + 1 });
    return toPage(fetched, limit, (c) => toSummary(c, now), (c) => ({
      dueAt: c.dueAt.toISOString(), reportCount: String(c.reportCount), firstReportedAt: c.firstReportedAt.toISOString(), id: c.id,
    }));
  }

  /** The most urgent claimable case of the tier, leased to the caller; undefined when none is claimable. */
  async claim(moderator: Principal, tier: Tier): Promise<CaseDetail | undefined> {
    assertTier(moderator, tier);
    const holder = holderId(moderator);
    const now = this.clock.now();
    const leaseUntil = this.leaseFrom(now);
    const nonViolentOnly = await this.wellness.violentCapReached(holder, now);
    // One statement (lease, event, exposure, detail), so no transaction around it.
    const preferUnlessDueBefore = new Date(now.getTime() + this.config.ROUTING_BREACH_MARGIN_SECONDS * 1000);
    const claimed = await this.repo.claim(this.tx.reader, { tier, now, holder, leaseUntil, nonViolentOnly, preferUnlessDueBefore }, {
      actorId: holder, actorRole: moderator.role, action: 'case.claimed', at: now, data: { tier, leaseExpiresAt: leaseUntil.toISOString() },
    });
    return claimed && detailOf(claimed, now);
  }

  async heartbeat(moderator: Principal, caseId: string): Promise<{ leaseExpiresAt: string }> {
    const holder = holderId(moderator);
    const now = this.clock.now();
    const until = await this.repo.renewLease(this.tx.reader, { caseId, holder, now, leaseUntil: this.leaseFrom(now) });
    if (!until) throw await this.notHolder(caseId);
    return { leaseExpiresAt: until.toISOString() };
  }

  async release(moderator: Principal, caseId: string): Promise<void> {
    const holder = holderId(moderator);
    await this.tx.run(async (tx) => {
      const now = this.clock.now();
      if (!(await this.repo.releaseLease(tx, { caseId, holder, now }))) throw await this.notHolder(caseId, tx);
      await this.audit.record(tx, { actor: { id: holder, role: moderator.role }, action: 'case.released', subjectType: 'case', subjectId: caseId, at: now });
    });
  }

  /** Gives the case back and keeps it from this moderator for SKIP_COOLDOWN_SECONDS. */
  async skip(moderator: Principal, caseId: string): Promise<void> {
    const holder = holderId(moderator);
    await this.tx.run(async (tx) => {
      const now = this.clock.now();
      const until = new Date(now.getTime() + this.config.SKIP_COOLDOWN_SECONDS * 1000);
      if (!(await this.repo.skip(tx, { caseId, holder, now, until }))) throw await this.notHolder(caseId, tx);
      await this.audit.record(tx, {
        actor: { id: holder, role: moderator.role }, action: 'case.skipped', subjectType: 'case', subjectId: caseId, at: now, data: { until: until.toISOString() },
      });
    });
  }

  async history(caseId: string): Promise<{ items: CaseHistoryEntry[] }> {
    if (!(await this.repo.exists(this.tx.reader, caseId))) throw ApiError.notFound('case');
    const now = this.clock.now();
    return { items: (await this.repo.history(this.tx.reader, caseId)).map((c) => toHistoryEntry(c, now)) };
  }

  /** Who claimed, released and skipped the case, and when (seniors: the controller's gate). */
  async claimHistory(caseId: string): Promise<{ items: ClaimEvent[] }> {
    if (!(await this.repo.exists(this.tx.reader, caseId))) throw ApiError.notFound('case');
    return { items: (await this.repo.claimEvents(this.tx.reader, caseId)).map(toClaimEvent) };
  }

  /** An internal note on the case, with its audit event (the text included), in one transaction. */
  async addNote(author: Principal, caseId: string, text: string): Promise<CaseNote> {
    if (!author.id) throw ApiError.forbidden('a note needs a principal of its own as its author, not the bootstrap admin key');
    const authorId = author.id;
    const note = await this.tx.run(async (tx) => {
      const at = this.clock.now();
      const added = await this.repo.addNote(tx, { id: newId(), caseId, authorId, authorRole: author.role, text, at });
      if (!added) throw ApiError.notFound('case');
      await this.audit.record(tx, {
        actor: { id: authorId, role: author.role }, action: 'case.note_added', subjectType: 'case', subjectId: caseId, at, data: { noteId: added.id, text },
      });
      return added;
    });
    return toNote(note);
  }

  async removedMatches(caseId: string) {
    if (!(await this.repo.exists(this.tx.reader, caseId))) throw ApiError.notFound('case');
    const found = await this.repo.removedMatches(this.tx.reader, caseId);
    return { items: found.map((m) => ({ ...m, decidedAt: m.decidedAt?.toISOString() ?? null, removedAt: m.removedAt?.toISOString() ?? null })) };
  }

  async overview(reader: Principal): Promise<QueueOverview> {
    const now = this.clock.now();
    const [{ tiers, removalFailed }, leases] = await Promise.all([
      this.queueFigures(now),
      reader.id ? this.repo.leasesOf(this.tx.reader, reader.id, now) : [],
    ]);
    const visible = worksSeniorTier(reader) ? (['senior', 'standard'] as const) : (['standard'] as const);
    return {
      at: now.toISOString(),
      tiers: visible.map((tier) => {
        const t = tiers.find((x) => x.tier === tier);
        return {
          tier, queued: t?.queued ?? 0, inReview: t?.inReview ?? 0,
          oldestQueuedSeconds: t?.oldestQueuedAt ? Math.max(0, Math.round((now.getTime() - t.oldestQueuedAt.getTime()) / 1000)) : null,
          pastDeadline: t?.pastDeadline ?? 0, dueWithinHour: t?.dueWithinHour ?? 0,
        };
      }),
      myLeases: leases.map((l) => ({ ...l, dueAt: l.dueAt.toISOString(), leaseExpiresAt: l.leaseExpiresAt.toISOString() })),
      removalFailed,
    };
  }

  private queueFigures(now: Date): Promise<{ tiers: TierCounts[]; removalFailed: number }> {
    const cached = this.tierCounts;
    if (cached && Math.abs(now.getTime() - cached.at) < OVERVIEW_CACHE_MS) return cached.counts;
    const counts = Promise.all([this.repo.tierCounts(this.tx.reader, now), this.repo.removalFailedCount(this.tx.reader)])
      .then(([tiers, removalFailed]) => ({ tiers, removalFailed }));
    this.tierCounts = { at: now.getTime(), counts };
    counts.catch(() => (this.tierCounts = undefined));
    return counts;
  }

  async detail(caseId: string): Promise<CaseDetail> {
    const found = await this.repo.caseWithDetails(this.tx.reader, caseId);
    if (!found) throw ApiError.notFound('case');
    return detailOf(found, this.clock.now());
  }

  /** One decision as the case screen shows it (an appeal's contested decision). */
  async decisionOf(decisionId: string): Promise<CaseDetail['decision']> {
    const d = await this.repo.decision(this.tx.reader, decisionId);
    if (!d) throw ApiError.notFound('decision');
    return { ...d, decidedAt: d.decidedAt.toISOString() };
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.LEASE_SECONDS * 1000);
  }

  private async notHolder(caseId: string, tx: Tx = this.tx.reader): Promise<ApiError> {
    if (!(await this.repo.exists(tx, caseId))) return ApiError.notFound('case');
    return ApiError.conflict('you do not hold a live lease on this case');
  }
}

export const detailOf = (found: CaseWithDetails, now: Date): CaseDetail => toDetail(found.c, found.post, found.reports, found.decision, found.notes, now);

/** The senior tier is for senior moderators (and admins). */
export const worksSeniorTier = (p: Principal): boolean => p.role === 'senior' || p.role === 'admin';

export function assertTier(p: Principal, tier: Tier): void {
  if (tier === 'senior' && !worksSeniorTier(p)) throw ApiError.forbidden('the senior tier is for role senior');
}

/** Leases name a principal; the bootstrap admin key has none. */
export function holderId(p: Principal): string {
  if (!p.id) throw ApiError.forbidden('working the queue needs a principal of its own, not the bootstrap admin key');
  return p.id;
}
