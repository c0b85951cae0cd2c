import { Injectable } from '@nestjs/common';
import { AuditActor, AuditLog } from '@docket/audit';
import { Clock, newId } from '@docket/common';
import { OPEN_CASE_STATES, Tx } from '@docket/database';
import { DeadlinePolicyRepository, priorityForWindow, windowSeconds } from '@docket/deadlines';
import { CaseOpening, IntakeRepository, PostSnapshot } from '@docket/reports';
import { CaseSignals, caseSignals } from './case-signals';
import { FLAG_INCITEMENT } from './classifier';
import { TriageRepository } from './triage.repository';
import { TriageService } from './triage.service';

export interface ScanFlag {
  postId: string;
  caseId: string;
  /** True when this scan opened the case; false when the post joined its open case or its last case is closed. */
  caseOpened: boolean;
  signals: CaseSignals;
}

/** A post with its classifier output and fingerprint, worked out before any row is locked. */
export type InspectedPost = { post: PostSnapshot } & ReturnType<TriageService['inspect']>;

/**
 * Own-initiative detection: the platform submits posts nobody reported; the
 * ones the classifier or the fingerprint match flags open (or join) a case.
 * Posts that are not flagged are not stored. The worker runs it over a stored
 * scan request in batches (ScanService): one post is in one batch only.
 */
@Injectable()
export class PostScanService {
  constructor(
    private readonly triage: TriageService,
    private readonly triageRepo: TriageRepository,
    private readonly intake: IntakeRepository,
    private readonly policies: DeadlinePolicyRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The CPU part: classifier and fingerprint of each post, outside any transaction. */
  inspect(posts: PostSnapshot[]): InspectedPost[] {
    return posts.map((post) => ({ post, ...this.triage.inspect(post.text ?? '') }));
  }

  /**
   * In the caller's transaction: the flagged posts are stored and open (or join) a case, queued with its signals
   * and deadline. `submittedAt` (when the platform asked) starts the deadline of a case the scan opens. Returns
   * the flagged posts only, by post id; posts must be distinct.
   */
  async flag(tx: Tx, actor: AuditActor, inspected: InspectedPost[], submittedAt: Date): Promise<ScanFlag[]> {
    const prints = [...new Set(inspected.flatMap((i) => (i.print ? [i.print] : [])))];
    const removed = await this.triageRepo.removedWithFingerprint(tx, prints, inspected.map((i) => i.post.id));
    const candidates = inspected
      .map((i) => {
        const matches = removed.filter((r) => r.fingerprint === i.print);
        return { ...i, matches, signals: caseSignals(i.classified, i.print, matches.map((m) => m.postId)) };
      })
      .filter((c) => c.signals.flags.length > 0)
      .sort((a, b) => (a.post.id < b.post.id ? -1 : 1));
    if (candidates.length === 0) return [];

    const now = this.clock.now();
    const { id: policyId, policy } = await this.policies.current(tx);
    await this.intake.upsertPosts(tx, candidates.map((c) => c.post));
    await this.triageRepo.setFingerprints(tx, candidates.flatMap((c) => (c.print ? [{ postId: c.post.id, fingerprint: c.print }] : [])));

    // A post whose last case is closed is opened again only if the platform restored it.
    const latest = new Map((await this.intake.latestCases(tx, candidates.map((c) => c.post.id))).map((l) => [l.postId, l]));
    const settled = new Map<string, string>();
    const openings: CaseOpening[] = [];
    for (const c of candidates) {
      const last = latest.get(c.post.id);
      const restored = last?.restoredAt && (!last.closedAt || last.restoredAt > last.closedAt);
      if (last && !OPEN_CASE_STATES.includes(last.state) && !restored) {
        settled.set(c.post.id, last.id);
        continue;
      }
      const category = c.signals.flags.includes(FLAG_INCITEMENT) ? 'STATEMENT_CATEGORY_VIOLENCE' : c.matches[0].category;
      const window = windowSeconds(policy, { reporterKind: null, category, signals: c.signals.flags });
      openings.push({
        id: newId(), postId: c.post.id, category, categories: [category], dueAt: new Date(submittedAt.getTime() + window * 1000),
        priority: priorityForWindow(window), reportCount: 0, firstReportedAt: submittedAt,
      });
    }
    const opened = openings.length ? await this.intake.openOrJoinCases(tx, openings, 'own_initiative') : [];
    const signalsByPost = new Map(candidates.map((c) => [c.post.id, c.signals]));
    const who = { id: actor.id, role: actor.role };
    const locked = await this.triageRepo.lockCases(tx, opened.map((o) => o.id));
    await this.triage.apply(tx, locked, new Map(locked.cases.map((c) => [c.id, signalsByPost.get(c.postId)!])), who);
    await this.audit.record(
      tx,
      opened
        .filter((o) => o.created)
        .map((o) => ({ actor: who, action: 'case.opened', subjectType: 'case', subjectId: o.id, at: now, data: { postId: o.postId, source: 'own_initiative', policyId } })),
    );
    const caseOf = new Map<string, { id: string; created: boolean }>([
      ...[...settled].map(([postId, id]) => [postId, { id, created: false }] as const),
      ...opened.map((o) => [o.postId, { id: o.id, created: o.created }] as const),
    ]);
    return candidates.map((c) => ({ postId: c.post.id, caseId: caseOf.get(c.post.id)!.id, caseOpened: caseOf.get(c.post.id)!.created, signals: c.signals }));
  }
}
