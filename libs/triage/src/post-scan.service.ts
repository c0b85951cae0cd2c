import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { Clock, newId } from '@docket/common';
import { OPEN_CASE_STATES, Transactions } from '@docket/database';
import { DeadlinePolicyRepository, priorityForWindow, windowSeconds } from '@docket/deadlines';
import type { Principal } from '@docket/principals';
import { CaseOpening, IntakeRepository, PostSnapshot } from '@docket/reports';
import { CaseSignals, caseSignals } from './case-signals';
import { FLAG_INCITEMENT } from './classifier';
import { TriageRepository } from './triage.repository';
import { TriageService } from './triage.service';

export interface ScanFlag {
  postId: string;
  caseId: string;
  signals: CaseSignals;
}

/**
 * Own-initiative detection: the platform submits posts nobody reported; the
 * ones the classifier or the fingerprint match flags open (or join) a case.
 * Posts that are not flagged are not stored.
 */
@Injectable()
export class PostScanService {
  constructor(
    private readonly tx: Transactions,
    private readonly triage: TriageService,
    private readonly triageRepo: TriageRepository,
    private readonly intake: IntakeRepository,
    private readonly policies: DeadlinePolicyRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async scan(actor: Principal, posts: PostSnapshot[]): Promise<{ flagged: ScanFlag[] }> {
    // A post listed twice is scanned once, as first given.
    const unique = [...new Map([...posts].reverse().map((p) => [p.id, p])).values()];
    const inspected = unique.map((post) => ({ post, ...this.triage.inspect(post.text ?? '') }));
    return this.tx.run(async (tx) => {
      const prints = [...new Set(inspected.flatMap((i) => (i.print ? [i.print] : [])))];
      const removed = await this.triageRepo.removedWithFingerprint(tx, prints, inspected.map((i) => i.post.id));
      const candidates = inspected
        .map((i) => {
          const matches = removed.filter((r) => r.fingerprint === i.print);
          return { ...i, matches, signals: caseSignals(i.classified, i.print, matches.map((m) => m.postId)) };
        })
        .filter((c) => c.signals.flags.length > 0)
        .sort((a, b) => (a.post.id < b.post.id ? -1 : 1));
      if (candidates.length === 0) return { flagged: [] };

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
          id: newId(), postId: c.post.id, category, categories: [category], dueAt: new Date(now.getTime() + window * 1000),
          priority: priorityForWindow(window), reportCount: 0, firstReportedAt: now,
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
      const caseOf = new Map([...settled, ...opened.map((o) => [o.postId, o.id] as const)]);
      return { flagged: candidates.map((c) => ({ postId: c.post.id, caseId: caseOf.get(c.post.id)!, signals: c.signals })) };
    });
  }
}
