import { HandlingModel, SimCase } from './simulator';
import { HistoryCase, HistoryDecision, SENIOR_ROLES } from './staffing.repository';

export interface RecordedHistory {
  cases: SimCase[];
  /** Decisions by people with a measured handling time (a claim of theirs, then their decision). */
  decisions: number;
  /** Distinct seniors (and admins) who decided cases of the period. */
  seniors: number;
  /** The measured handling times, per category: what cases without one of their own are drawn from. */
  handling: HandlingModel;
}

const seconds = (d: Date) => d.getTime() / 1000;

/**
 * A period's recorded history as the simulator replays it: each case arrives when first reported, is claimable
 * when it was queued, is due when its (final) deadline was, and takes what its deciders took, measured from their
 * claim to their decision. A first decision that escalated sends the case to the senior tier, where the senior's
 * decision took its own time; decisions after those (an appeal's) are not queue work and are left out. A case nobody decided (still open, or decided without a claim) takes a time drawn from
 * the period's measured ones of its category.
 */
export function recordedHistory(cases: readonly HistoryCase[], decisions: readonly HistoryDecision[], fallbackSeconds: number): RecordedHistory {
  const byCase = new Map<string, HistoryDecision[]>();
  for (const d of decisions) {
    if (!d.decidedBy) continue;
    const list = byCase.get(d.caseId) ?? [];
    list.push(d);
    byCase.set(d.caseId, list);
  }
  const byCategory: Record<string, number[]> = {};
  const all: number[] = [];
  const seniors = new Set<string>();
  let measured = 0;
  const handlingOf = (d: HistoryDecision | undefined, category: string): number | undefined => {
    if (!d) return undefined;
    if (d.role && SENIOR_ROLES.includes(d.role)) seniors.add(d.decidedBy!);
    if (!d.claimedAt) return undefined;
    const h = Math.max(0, seconds(d.decidedAt) - seconds(d.claimedAt));
    measured += 1;
    all.push(h);
    (byCategory[category] ??= []).push(h);
    return h;
  };
  const simCases = cases.map((c): SimCase => {
    // The queue's decisions: the first, and after an escalation the senior's. Later ones (an appeal's) are not queue work.
    const [first, second] = byCase.get(c.id) ?? [];
    const arrival = seconds(c.firstReportedAt);
    const escalate = first?.action === 'escalate';
    const handling = handlingOf(first, c.category);
    return {
      arrival,
      ready: c.queuedAt ? Math.max(arrival, seconds(c.queuedAt)) : arrival,
      due: seconds(c.dueAt),
      reportCount: c.reportCount,
      category: c.category,
      handling,
      escalate,
      seniorHandling: escalate ? handlingOf(second, c.category) : undefined,
    };
  });
  return { cases: simCases, decisions: measured, seniors: seniors.size, handling: { byCategory, all, fallbackSeconds } };
}
