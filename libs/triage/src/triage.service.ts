import { Inject, Injectable } from '@nestjs/common';
import { AuditActor, AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { Clock } from '@docket/common';
import { OPEN_CASE_STATES, Transactions, Tx } from '@docket/database';
import { DeadlinePolicyRepository, DeadlineTimers, priorityForWindow, windowSeconds } from '@docket/deadlines';
import { CaseSignals, caseSignals } from './case-signals';
import { CLASSIFIER, Classifier, fingerprint, isEmptyContent } from './classifier';
import { TriageCase, TriageRepository } from './triage.repository';

export type TriageOutcome = 'queued' | 'retriaged' | 'unchanged' | 'closed' | 'missing';

/**
 * Triage: classify the post, match its fingerprint against removed posts,
 * tighten deadlines with what was found, and put the case in the queue.
 * Running it again on the same facts changes nothing.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: TriageRepository,
    private readonly policies: DeadlinePolicyRepository,
    private readonly timers: DeadlineTimers,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(CLASSIFIER) private readonly classifier: Classifier,
  ) {}

  async triage(caseId: string): Promise<TriageOutcome> {
    // Classify before taking the lock: the case is held only for the writes.
    const post = await this.repo.postText(this.tx.reader, caseId);
    if (!post) return 'missing';
    const { classified, print } = this.inspect(post.text ?? '');
    return this.tx.run(async (tx) => {
      const c = await this.repo.lockCase(tx, caseId);
      if (!c) return 'missing';
      const removed = print ? await this.repo.setFingerprintAndFindRemoved(tx, c.postId, print) : [];
      return this.apply(tx, c, caseSignals(classified, print, removed.map((r) => r.postId)), SYSTEM_ACTOR);
    });
  }

  /** Classifier output and content fingerprint; posts with no words left after normalisation match nothing. */
  inspect(text: string) {
    return { classified: this.classifier.classify({ text }), print: isEmptyContent(text) ? null : fingerprint(text) };
  }

  /** Gives a locked case its signals and deadlines and queues it. For triage jobs and own-initiative scans. */
  async apply(tx: Tx, c: TriageCase, signals: CaseSignals, actor: AuditActor): Promise<TriageOutcome> {
    if (!OPEN_CASE_STATES.includes(c.state)) return 'closed';
    const now = this.clock.now();
    const reports = await this.repo.reportsOf(tx, c.id);
    // Each report keeps the policy it was received under; signals can only tighten its deadline.
    const { byId: policies, current } = await this.policies.withCurrent(tx, [...new Set(reports.map((r) => r.policyId))]);
    const tightened = new Map<string, Date>();
    let dueAt = c.dueAt;
    let priority = c.priority;
    for (const r of reports) {
      const window = windowSeconds(policies.get(r.policyId)!, {
        reporterKind: r.reporterKind, category: r.category, specifications: r.specification, signals: signals.flags,
      });
      const due = new Date(Math.min(r.dueAt.getTime(), r.receivedAt.getTime() + window * 1000));
      if (due < r.dueAt) tightened.set(r.id, due);
      if (due < dueAt) dueAt = due;
      priority = Math.min(priority, priorityForWindow((due.getTime() - r.receivedAt.getTime()) / 1000));
    }
    const state = c.state === 'received' ? 'queued' : c.state;
    const queuedAt = c.queuedAt ?? (state === 'queued' ? now : null);
    const moved = dueAt.getTime() !== c.dueAt.getTime();
    // Intake may have tightened the deadline when a notice joined: timers follow the deadline, whoever moved it.
    const retime = c.timersDueAt?.getTime() !== dueAt.getTime();
    if (state === c.state && !moved && !retime && priority === c.priority && canonical(c.signals) === canonical(signals)) return 'unchanged';

    await this.repo.tightenReportDeadlines(tx, tightened);
    await this.repo.updateCase(tx, { id: c.id, state, dueAt, priority, signals, queuedAt, timersDueAt: dueAt });
    if (retime) {
      await this.timers.plan(tx, { caseId: c.id, windowStart: c.firstReportedAt, dueAt, warnAtFraction: current.policy.warnAtFraction });
    }
    await this.audit.record(tx, {
      actor,
      action: state !== c.state ? 'case.queued' : 'case.retriaged',
      subjectType: 'case',
      subjectId: c.id,
      at: now,
      data: { before: { state: c.state, dueAt: c.dueAt.toISOString() }, after: { state, dueAt: dueAt.toISOString() }, flags: signals.flags },
    });
    return state !== c.state ? 'queued' : 'retriaged';
  }
}

/** JSON with sorted keys: jsonb does not keep key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
}
