import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditActor, AuditEventInput, AuditLog, SYSTEM_ACTOR } from '@docket/audit';
import { Clock, groupBy } from '@docket/common';
import { OPEN_CASE_STATES, Transactions, Tx } from '@docket/database';
import { DeadlinePolicyVersions, DeadlineTimerPlan, DeadlineTimers, priorityForWindow, warningAt, windowSeconds } from '@docket/deadlines';
import { CaseSignals, caseSignals } from './case-signals';
import { CLASSIFIER, Classifier, fingerprintOfNormalized, normalizeText } from './classifier';
import { EXTERNAL_SCORER, ExternalScorer, scoreExternally } from './classifier/external-scorer';
import { CaseTriageUpdate, LockedCases, TriageRepository } from './triage.repository';

export type TriageOutcome = 'queued' | 'retriaged' | 'unchanged' | 'closed' | 'missing';

/**
 * Triage: classify the post, match its fingerprint against removed posts,
 * tighten deadlines with what was found, and put the case in the queue.
 * Running it again on the same facts changes nothing. Cases are triaged in
 * batches (see TriageBatcher): the round trips are per batch, not per case.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: TriageRepository,
    private readonly policies: DeadlinePolicyVersions,
    private readonly timers: DeadlineTimers,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(CLASSIFIER) private readonly classifier: Classifier,
    @Optional() @Inject(EXTERNAL_SCORER) private readonly external: ExternalScorer | null = null,
  ) {}

  /** Triages the cases together, in one transaction; the outcome of each, by case id. */
  async triage(caseIds: string[]): Promise<Map<string, TriageOutcome>> {
    const outcomes = new Map<string, TriageOutcome>(caseIds.map((id) => [id, 'missing']));
    // Classify before taking the locks: the cases are held only for the writes.
    const posts = await this.repo.postTexts(this.tx.reader, [...outcomes.keys()]);
    if (posts.length === 0) return outcomes;
    const inspected = new Map(posts.map((p) => [p.caseId, this.inspect(p.text ?? '')]));
    // An operator's scorer (CLASSIFIER_URL), bounded by its timeout and circuit breaker; the built-in verdict otherwise.
    if (this.external) await scoreExternally(this.external, posts.map((p) => ({ text: p.text ?? '', inspected: inspected.get(p.caseId)! })));
    return this.tx.run(async (tx) => {
      const locked = await this.repo.lockCases(tx, [...inspected.keys()]);
      const prints = locked.cases.flatMap((c) => {
        const print = inspected.get(c.id)!.print;
        return print ? [{ postId: c.postId, fingerprint: print }] : [];
      });
      const removed = groupBy(await this.repo.setFingerprintsAndFindRemoved(tx, prints), (r) => r.forPostId);
      const signals = new Map(locked.cases.map((c) => {
        const { classified, print } = inspected.get(c.id)!;
        return [c.id, caseSignals(classified, print, (removed.get(c.postId) ?? []).map((r) => r.postId))];
      }));
      for (const [id, outcome] of await this.apply(tx, locked, signals, SYSTEM_ACTOR)) outcomes.set(id, outcome);
      return outcomes;
    });
  }

  /** Classifier output and content fingerprint; posts with no words left after normalisation match nothing. */
  inspect(text: string) {
    const normalized = normalizeText(text);
    return { classified: this.classifier.classify({ text }), print: normalized === '' ? null : fingerprintOfNormalized(normalized) };
  }

  /**
   * Gives locked cases their signals and deadlines and queues them, with one statement per kind of write for all
   * of them. For triage jobs and own-initiative scans.
   */
  async apply(tx: Tx, locked: LockedCases, signalsOf: Map<string, CaseSignals>, actor: AuditActor): Promise<Map<string, TriageOutcome>> {
    const outcomes = new Map<string, TriageOutcome>();
    const open = locked.cases.filter((c) => OPEN_CASE_STATES.includes(c.state) || (outcomes.set(c.id, 'closed'), false));
    if (open.length === 0) return outcomes;
    const now = this.clock.now();
    // Each report keeps the policy it was received under; signals can only tighten its deadline.
    const policies = await this.policies.get(tx, [locked.currentPolicyId, ...open.flatMap((c) => c.reports.map((r) => r.policyId))]);
    const current = policies.get(locked.currentPolicyId)!;
    const tightened = new Map<string, Date>();
    const updates: CaseTriageUpdate[] = [];
    const timers: DeadlineTimerPlan[] = [];
    const events: AuditEventInput[] = [];
    for (const c of open) {
      const signals = signalsOf.get(c.id)!;
      let dueAt = c.dueAt;
      let priority = c.priority;
      for (const r of c.reports) {
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
      if (state === c.state && !moved && !retime && priority === c.priority && canonical(c.signals) === canonical(signals)) {
        outcomes.set(c.id, 'unchanged');
        continue;
      }
      const timer: DeadlineTimerPlan = { caseId: c.id, windowStart: c.firstReportedAt, dueAt, warnAtFraction: current.warnAtFraction };
      updates.push({ id: c.id, state, dueAt, priority, signals, queuedAt, timersDueAt: dueAt, warnAt: retime ? warningAt(timer) : null });
      if (retime) timers.push(timer);
      events.push({
        actor,
        action: state !== c.state ? 'case.queued' : 'case.retriaged',
        subjectType: 'case',
        subjectId: c.id,
        at: now,
        data: {
          before: { state: c.state, dueAt: c.dueAt.toISOString() }, after: { state, dueAt: dueAt.toISOString() }, flags: signals.flags,
          // Which detector decided, and its model version: the audit trail says how each flag was raised.
          classifier: signals.classifier,
          ...(signals.model ? { model: { version: signals.model.version, score: signals.model.score, decidedBy: signals.model.decidedBy } } : {}),
          ...(signals.scorer ? { scorer: signals.scorer.decidedBy } : {}),
          ...(signals.overruled ? { overruled: signals.overruled.map((o) => o.rule) } : {}),
        },
      });
      outcomes.set(c.id, state !== c.state ? 'queued' : 'retriaged');
    }
    await this.repo.writeTriage(tx, updates, tightened);
    if (timers.length > 0) await this.timers.plan(tx, timers);
    await this.audit.record(tx, events);
    return outcomes;
  }
}

/** JSON with sorted keys: jsonb does not keep key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
}
