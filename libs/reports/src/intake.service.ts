import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { caseStatus, CaseStatusFacts } from '@docket/cases';
import { Clock, newId } from '@docket/common';
import { OPEN_CASE_STATES, Transactions, Tx } from '@docket/database';
import { DeadlinePolicy, DeadlinePolicyRepository, priorityForWindow, windowSeconds } from '@docket/deadlines';
import { JobSpec, Outbox, QUEUES, TriageJobData, jobIds } from '@docket/queue';
import { CaseOpening, IntakeRepository, LatestCase, NewReport, OpenCase, addReportsToClosedCases } from './intake.repository';
import { IntakeItem, IntakeResult, Notice, PostSnapshot, Receipt, requestHash } from './notice';

interface Fresh {
  index: number;
  item: IntakeItem;
  hash: string;
  report: NewReport;
  /** Set when the post's last case is closed and this notice brings nothing new. */
  closedCase?: LatestCase;
}

/**
 * Accepting notices: one transaction for a whole batch, whatever its source
 * (the batch route, or single notices gathered by the group commit).
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly tx: Transactions,
    private readonly intake: IntakeRepository,
    private readonly policies: DeadlinePolicyRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Results in item order. Another process accepting the same key at the same
   * instant, or locking the same posts, aborts the transaction; run again, the
   * notice finds the other's receipt, so a retry is always correct.
   */
  async accept(items: IntakeItem[]): Promise<IntakeResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tx.run((tx) => this.acceptIn(tx, items));
      } catch (err) {
        if (attempt >= 4 || !isRetryable(err)) throw err;
      }
    }
  }

  private async acceptIn(tx: Tx, items: IntakeItem[]): Promise<IntakeResult[]> {
    const now = this.clock.now();
    const results: (IntakeResult | undefined)[] = new Array(items.length);
    const hashes = items.map((item) => requestHash(item.notice));

    // Idempotency: a key seen before (or earlier in this batch) replays its receipt or is refused.
    const keyed = items.flatMap((item, index) => (item.idempotencyKey ? [{ index, reporterId: item.reporter.id!, key: item.idempotencyKey }] : []));
    const prior = await this.intake.priorReports(tx, keyed);
    const priorByKey = new Map(prior.map((p) => [`${p.reporterId}\0${p.idempotencyKey}`, p]));
    const firstInBatch = new Map<string, number>();
    const replayOf = new Map<number, number>();
    for (const { index, reporterId, key } of keyed) {
      const id = `${reporterId}\0${key}`;
      const before = priorByKey.get(id);
      const earlier = firstInBatch.get(id);
      const sameBody = (hash: string) => hash === hashes[index];
      if (before) {
        results[index] = sameBody(before.requestHash)
          ? { kind: 'accepted', replayed: true, receipt: receipt(before.id, before.caseId, before.receivedAt, before.dueAt, { ...before, dueAt: before.caseDueAt }, now) }
          : keyReused();
      } else if (earlier !== undefined) {
        if (sameBody(hashes[earlier])) replayOf.set(index, earlier);
        else results[index] = keyReused();
      } else {
        firstInBatch.set(id, index);
      }
    }

    const pending = items.flatMap((item, index) => (results[index] || replayOf.has(index) ? [] : [{ item, index }]));
    if (pending.length > 0) {
      const policy = await this.policies.current(tx);
      const fresh: Fresh[] = pending.map(({ item, index }) => ({
        index, item, hash: hashes[index], report: this.newReport(item, hashes[index], policy.id, policy.policy, now),
      }));
      await this.intake.upsertPosts(tx, mergeSnapshots(fresh.map((f) => f.item.notice.post)));
      const latest = new Map((await this.intake.latestCases(tx, unique(fresh.map((f) => f.report.postId)))).map((c) => [c.postId, c]));
      for (const f of fresh) {
        const last = latest.get(f.report.postId);
        if (last && !OPEN_CASE_STATES.includes(last.state) && !bringsSomethingNew(last, f.report.category)) f.closedCase = last;
      }
      const cases = await this.openCases(tx, fresh.filter((f) => !f.closedCase));
      const closedCounts = new Map<string, number>();
      for (const f of fresh) {
        if (f.closedCase) {
          f.report.caseId = f.closedCase.id;
          closedCounts.set(f.closedCase.id, (closedCounts.get(f.closedCase.id) ?? 0) + 1);
        } else {
          f.report.caseId = cases.get(f.report.postId)!.id;
        }
      }
      await addReportsToClosedCases(tx, closedCounts);
      await this.intake.insertReports(tx, fresh.map((f) => f.report));
      await this.outbox.add(tx, triageJobs(fresh.filter((f) => !f.closedCase).map((f) => f.report)));
      await this.audit.record(tx, this.auditEvents(fresh, [...cases.values()], now));
      for (const f of fresh) {
        const c: CaseStatusFacts & { dueAt: Date } = f.closedCase ?? cases.get(f.report.postId)!;
        results[f.index] = { kind: 'accepted', replayed: false, receipt: receipt(f.report.id, f.report.caseId, now, f.report.dueAt, c, now) };
      }
    }
    for (const [index, earlier] of replayOf) {
      const first = results[earlier]!;
      results[index] = first.kind === 'accepted' ? { ...first, replayed: true } : first;
    }
    return results as IntakeResult[];
  }

  private newReport(item: IntakeItem, hash: string, policyId: number, policy: DeadlinePolicy, now: Date): NewReport {
    const n: Notice = item.notice;
    const window = windowSeconds(policy, { reporterKind: item.reporter.kind, category: n.category, specifications: n.specification });
    return {
      id: newId(), caseId: '', postId: n.post.id, reporterId: item.reporter.id!, reporterKind: item.reporter.kind!,
      category: n.category, specification: n.specification ?? [], description: n.description ?? null, evidenceUrls: n.evidenceUrls ?? [],
      externalRef: n.externalRef ?? null, reportedAt: n.reportedAt ?? null, receivedAt: now, dueAt: new Date(now.getTime() + window * 1000),
      idempotencyKey: item.idempotencyKey ?? null, requestHash: hash, policyId, sourceFormat: n.sourceFormat ?? 'api',
      sourceDetails: n.sourceDetails ?? null,
    };
  }

  /** One opening per post: the batch's reports of a post join one case, with the earliest deadline. */
  private async openCases(tx: Tx, fresh: Fresh[]): Promise<Map<string, OpenCase>> {
    const byPost = new Map<string, CaseOpening>();
    for (const { report } of fresh) {
      const window = (report.dueAt.getTime() - report.receivedAt.getTime()) / 1000;
      const o = byPost.get(report.postId);
      if (!o) {
        byPost.set(report.postId, {
          id: newId(), postId: report.postId, category: report.category, categories: [report.category], dueAt: report.dueAt,
          priority: priorityForWindow(window), reportCount: 1, firstReportedAt: report.receivedAt,
        });
      } else {
        o.reportCount += 1;
        if (!o.categories.includes(report.category)) o.categories.push(report.category);
        if (report.dueAt < o.dueAt) o.dueAt = report.dueAt;
        o.priority = Math.min(o.priority, priorityForWindow(window));
      }
    }
    if (byPost.size === 0) return new Map();
    // Same lock order in every transaction (by post id), so concurrent batches never deadlock on cases.
    const openings = [...byPost.values()].sort((a, b) => (a.postId < b.postId ? -1 : 1));
    const opened = await this.intake.openOrJoinCases(tx, openings);
    return new Map(opened.map((c) => [c.postId, c]));
  }

  private auditEvents(fresh: Fresh[], cases: OpenCase[], at: Date): AuditEventInput[] {
    const opened: AuditEventInput[] = cases
      .filter((c) => c.created)
      .map((c) => ({ actor: SYSTEM_ACTOR, action: 'case.opened', subjectType: 'case', subjectId: c.id, at, data: { postId: c.postId } }));
    const accepted: AuditEventInput[] = fresh.map(({ item, report, closedCase }) => ({
      actor: { id: item.reporter.id, role: item.reporter.role },
      action: 'report.accepted',
      subjectType: 'report',
      subjectId: report.id,
      at,
      data: {
        caseId: report.caseId, postId: report.postId, category: report.category, dueAt: report.dueAt.toISOString(),
        ...(closedCase ? { answeredWithOutcome: closedCase.state } : {}),
      },
    }));
    return [...opened, ...accepted];
  }
}

function receipt(id: string, caseId: string, receivedAt: Date, reportDueAt: Date, c: CaseStatusFacts & { dueAt: Date }, now: Date): Receipt {
  // A notice that joins a case with an earlier deadline is handled by that deadline.
  const dueAt = c.dueAt < reportDueAt ? c.dueAt : reportDueAt;
  return { id, caseId, status: caseStatus(c, now), receivedAt: receivedAt.toISOString(), dueAt: dueAt.toISOString() };
}

function keyReused(): IntakeResult {
  return { kind: 'key_reused', message: 'this Idempotency-Key was already used with a different request body' };
}

/** A closed case is reopened (as a new case) only for a new category or a post the platform restored. */
function bringsSomethingNew(last: LatestCase, category: string): boolean {
  const restored = last.restoredAt !== null && (last.closedAt === null || last.restoredAt > last.closedAt);
  return restored || !last.categories.includes(category);
}

/**
 * One triage job for the whole transaction, naming each case it opened or joined once: the worker triages a job's
 * cases together, and BullMQ's cost (a job moved through Redis) is paid per batch of notices, not per notice.
 */
function triageJobs(reports: NewReport[]): JobSpec[] {
  if (reports.length === 0) return [];
  const data = { caseIds: unique(reports.map((r) => r.caseId)) } satisfies TriageJobData;
  return [{ queue: QUEUES.triage, name: 'triage', jobId: jobIds.triage(reports[0].id), data }];
}

function mergeSnapshots(posts: PostSnapshot[]): PostSnapshot[] {
  const merged = new Map<string, PostSnapshot>();
  for (const post of posts) {
    const seen = merged.get(post.id);
    merged.set(post.id, seen ? { ...post, ...Object.fromEntries(Object.entries(seen).filter(([, v]) => v !== undefined)) } : post);
  }
  return [...merged.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

const unique = <T>(values: T[]) => [...new Set(values)];

/** A unique-key race, a deadlock or a serialization failure: the same work succeeds when run again. */
const RETRYABLE = new Set(['23505', '40P01', '40001']);
function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return RETRYABLE.has(e?.driverError?.code ?? e?.code ?? '');
}
