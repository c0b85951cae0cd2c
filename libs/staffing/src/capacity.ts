import { HandlingModel, SimCase, SimResult, simulate } from './simulator';
import type { BacklogCase, HandlingSample, InflowCase } from './staffing.repository';
import { SENIOR_ROLES } from './staffing.repository';

/** The most moderators a projection tries; a need beyond it is reported as "more than this" (null). */
export const CAPACITY_MAX_MODERATORS = 500;
/** Cases at risk named in an alert (the earliest deadlines first); the count says how many in all. */
export const AT_RISK_LISTED = 100;

export interface CapacityInputs {
  now: Date;
  horizonSeconds: number;
  /** Open cases (received or queued), with live leases. */
  backlog: BacklogCase[];
  /** Cases first reported in the recent window (count and samples), and in the same hour last week (count). */
  recent: { minutes: number; count: number; cases: InflowCase[] };
  lastWeek: { count: number; cases: InflowCase[] };
  /** People active now: a claim or a decision in the recent window, or a live lease. */
  active: { id: string; role: string }[];
  /** Handling times of recent decisions; `fallbackSeconds` when there are none. */
  handling: HandlingSample[];
  fallbackSeconds: number;
}

export interface Projection {
  at: string;
  horizonMinutes: number;
  moderatorsActive: number;
  seniorsActive: number;
  /** The fewest moderators (beside the active seniors) with which no avoidable deadline is projected to pass; null: more than CAPACITY_MAX_MODERATORS. */
  moderatorsNeeded: number | null;
  /** Open cases whose deadline the projection sees pass with the moderators active now (and more of them would keep). */
  atRisk: { caseId: string; dueAt: string }[];
  atRiskCount: number;
  /** Deadlines projected to pass within the horizon, of open cases and of the cases still to come. */
  projectedBreaches: number;
  backlog: number;
  inflowPerHour: { recent: number; lastWeek: number; projected: number };
  handlingSecondsMedian: number;
}

const seconds = (d: Date) => d.getTime() / 1000;

/**
 * The next hours of the queue, from its state now (docs/staffing.md): the open cases with their deadlines; arrivals
 * at the larger of the recent rate and the rate of the same hour last week, evenly spaced, each like one of the
 * cases that arrived then (category, deadline window, reports); the people active now, each a moderator (or a
 * senior, who takes the senior tier); handling times drawn from the recent decisions of the category. A case held
 * under a live lease is finished by its holder after the rest of a typical handling time.
 *
 * A deadline is at risk when it passes in the projection with the moderators active now but not with unlimited
 * moderators: what more people would keep. Deadlines nobody could keep any more (due in less than a handling time)
 * and those waiting on the senior tier are left out, so the alarm is about staffing the queue.
 */
export function projectCapacity(inputs: CapacityInputs): Projection {
  const now = seconds(inputs.now);
  const horizon = now + inputs.horizonSeconds;
  const handling = handlingModel(inputs.handling, inputs.fallbackSeconds);
  const typical = (category: string) => median(handling.byCategory?.[category] ?? handling.all ?? []) ?? inputs.fallbackSeconds;

  const active = new Map(inputs.active.map((p) => [p.id, p.role]));
  const moderatorIds = inputs.active.filter((p) => !SENIOR_ROLES.includes(p.role)).map((p) => p.id);
  const seniorIds = inputs.active.filter((p) => SENIOR_ROLES.includes(p.role)).map((p) => p.id);
  const freeAt = new Map<string, number>();

  const cases: SimCase[] = [];
  const ids: string[] = [];
  for (const c of [...inputs.backlog].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id))) {
    const held = c.claimedBy !== null && c.leaseExpiresAt !== null && c.leaseExpiresAt > inputs.now;
    if (held && active.has(c.claimedBy!)) {
      // In hand: its holder finishes it, then takes the next; it is not the queue's to keep.
      const started = c.claimedAt ? seconds(c.claimedAt) : now;
      const from = Math.max(now, freeAt.get(c.claimedBy!) ?? now);
      freeAt.set(c.claimedBy!, from + Math.max(0, typical(c.category) - Math.max(0, now - started)));
      continue;
    }
    cases.push({
      arrival: seconds(c.firstReportedAt),
      // Held by someone no longer active: free when the lease expires.
      ready: held ? seconds(c.leaseExpiresAt!) : now,
      due: seconds(c.dueAt),
      reportCount: c.reportCount,
      tier: c.tier,
      category: c.category,
      breached: c.breachedAt !== null || c.dueAt.getTime() <= inputs.now.getTime(),
    });
    ids.push(c.id);
  }
  const existing = cases.length;

  const recentPerHour = (inputs.recent.count * 60) / inputs.recent.minutes;
  const lastWeekPerHour = inputs.lastWeek.count;
  const projected = Math.max(recentPerHour, lastWeekPerHour);
  const templates = recentPerHour >= lastWeekPerHour ? inputs.recent.cases : inputs.lastWeek.cases;
  if (projected > 0 && templates.length > 0) {
    const gap = 3600 / projected;
    for (let i = 0, t = now + gap / 2; t < horizon; i++, t += gap) {
      const like = templates[i % templates.length];
      cases.push({ arrival: t, due: t + Math.max(0, like.windowSeconds), reportCount: like.reportCount, category: like.category });
    }
  }

  const run = (moderators: number): SimResult =>
    simulate(cases, {
      moderators, seniors: seniorIds.length, handling, seed: 1, start: now, horizon,
      moderatorsFreeAt: moderatorIds.map((id) => freeAt.get(id) ?? now), seniorsFreeAt: seniorIds.map((id) => freeAt.get(id) ?? now),
    });
  const unlimited = run(Math.max(moderatorIds.length, cases.length, 1)).breachedInRun;
  const avoidable = (r: SimResult, from = 0, to = r.breachedInRun.length) => {
    const out: number[] = [];
    for (let i = from; i < to; i++) if (r.breachedInRun[i] && !unlimited[i]) out.push(i);
    return out;
  };
  const keeps = (k: number) => avoidable(run(k)).length === 0;

  const now_ = run(moderatorIds.length);
  const atRisk = avoidable(now_, 0, existing);
  const projectedBreaches = avoidable(now_).length;
  // The fewest moderators that keep every avoidable deadline: doubling up to a number that does, then halving down.
  let needed: number | null = null;
  if (keeps(0)) {
    needed = 0;
  } else {
    let lo = 0;
    let hi = Math.max(1, moderatorIds.length);
    while (hi <= CAPACITY_MAX_MODERATORS && !keeps(hi)) {
      lo = hi;
      hi *= 2;
    }
    if (hi > CAPACITY_MAX_MODERATORS && !keeps((hi = CAPACITY_MAX_MODERATORS))) {
      needed = null;
    } else {
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (keeps(mid)) hi = mid;
        else lo = mid;
      }
      needed = hi;
    }
  }
  return {
    at: inputs.now.toISOString(),
    horizonMinutes: Math.round(inputs.horizonSeconds / 60),
    moderatorsActive: moderatorIds.length,
    seniorsActive: seniorIds.length,
    moderatorsNeeded: projectedBreaches === 0 && needed !== null ? Math.min(needed, moderatorIds.length) : needed,
    atRisk: atRisk
      .sort((a, b) => cases[a].due - cases[b].due)
      .slice(0, AT_RISK_LISTED)
      .map((i) => ({ caseId: ids[i], dueAt: new Date(cases[i].due * 1000).toISOString() })),
    atRiskCount: atRisk.length,
    projectedBreaches,
    backlog: inputs.backlog.length,
    inflowPerHour: { recent: round2(recentPerHour), lastWeek: round2(lastWeekPerHour), projected: round2(projected) },
    handlingSecondsMedian: Math.round(median(handling.all ?? []) ?? inputs.fallbackSeconds),
  };
}

function handlingModel(samples: HandlingSample[], fallbackSeconds: number): HandlingModel {
  const byCategory: Record<string, number[]> = {};
  const all: number[] = [];
  for (const s of samples) {
    if (!(s.seconds >= 0)) continue;
    (byCategory[s.category] ??= []).push(s.seconds);
    all.push(s.seconds);
  }
  return { byCategory, all, fallbackSeconds };
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
