import { IdHeap } from './heap';
import { percentileCont } from './percentiles';
import { Random, seededRandom } from './random';

/**
 * A discrete-event model of docket's review queue (docs/staffing.md, decision 0032). Times are seconds on any
 * origin. What it models, as docket does it:
 * - cases become claimable when triaged (`ready`) in their tier; moderators take the standard tier, seniors the
 *   senior tier (and, with `seniorsTakeStandard`, the standard tier when theirs is empty);
 * - claim order: earliest deadline first, then more reports, then oldest, then input order (deadlines.md), or
 *   oldest first in the FIFO variant;
 * - a claim leases the case to its moderator, who holds it for its handling time and then decides; a claim walked
 *   away from (`abandons`) keeps the case locked until its lease expires (`leaseSeconds`), then anyone may claim it;
 * - a moderator's `escalate` sends the case to the senior tier, where a senior decides it (`seniorHandling`);
 * - at its deadline a case not yet decided is breached: it moves to the senior tier and loses its lease, so the
 *   work of whoever held it is lost (their decision would be refused), as DeadlineAlarms.breach does.
 * A decision at the very second of the deadline is within it (deadlines.md: closed at or before dueAt).
 */
export type SimTier = 'standard' | 'senior';
export type Discipline = 'edf' | 'fifo';

export interface SimCase {
  /** When the case was first reported: time to decision counts from here. */
  arrival: number;
  /** When triage made it claimable; default `arrival`. */
  ready?: number;
  due: number;
  reportCount?: number;
  /** The tier it is queued in; default standard. */
  tier?: SimTier;
  category?: string;
  /** Seconds the deciding claim takes; drawn from `handling` of the config when absent. */
  handling?: number;
  /** The moderator escalates instead of deciding; a senior then decides it. */
  escalate?: boolean;
  /** Seconds a senior takes on it after an escalation; drawn when absent. */
  seniorHandling?: number;
  /** Claims walked away from (lease left to expire) before the one that decides. */
  abandons?: number;
  /** Already breached when the run starts (a projection from the live queue). */
  breached?: boolean;
}

/** Measured handling times to draw from, per category; `fallbackSeconds` when none is known. */
export interface HandlingModel {
  byCategory?: Record<string, readonly number[]>;
  all?: readonly number[];
  fallbackSeconds: number;
}

export interface SimConfig {
  moderators: number;
  seniors?: number;
  seniorsTakeStandard?: boolean;
  discipline?: Discipline;
  /** LEASE_SECONDS (default 300): how long an abandoned claim keeps the case locked. */
  leaseSeconds?: number;
  /** Seed of the draws (handling times of cases that have none). */
  seed?: number;
  handling?: HandlingModel;
  /** The run starts here (default: the first `ready`); moderators are free from `moderatorsFreeAt`/`seniorsFreeAt`, else from here. */
  start?: number;
  /** Nothing happens after this time; cases open then stay undecided. */
  horizon?: number;
  moderatorsFreeAt?: readonly number[];
  seniorsFreeAt?: readonly number[];
  /** Keep the backlog over time (open cases, open past their deadline) for charts. */
  trace?: boolean;
}

export interface SimTrace {
  t: number[];
  open: number[];
  overdue: number[];
}

export interface SimResult {
  cases: number;
  decided: number;
  /** Cases still open when the run ended (nobody could take them, or the horizon came first). */
  undecided: number;
  /** Decided at or before their deadline. */
  withinDeadline: number;
  /** withinDeadline ÷ cases (1 for no cases). */
  withinDeadlineShare: number;
  /** Deadlines that passed during the run with the case undecided. */
  breaches: number;
  /** Seconds from arrival to decision, percentile_cont over every case; null when it falls among undecided ones. */
  p50Seconds: number | null;
  p90Seconds: number | null;
  /** null when a case was never decided. */
  worstSeconds: number | null;
  /** The most cases open (ready, not decided) at once. */
  peakBacklog: number;
  escalations: number;
  /** Claims whose work was lost: the deadline passed while the case was held. */
  lostClaims: number;
  /** Per case (input order): when it was decided, NaN if never. */
  decidedAt: Float64Array;
  /** Per case: 1 if its deadline passed during this run with the case undecided. */
  breachedInRun: Uint8Array;
  trace?: SimTrace;
}

const FUTURE = 0;
const CLAIMABLE = 1;
const HELD = 2;
const DECIDED = 3;
const STANDARD = 0;
const SENIOR = 1;

/** The handling time of a case's claim, drawn from the model: a measured time of its category, else any, else the fallback. */
export function drawHandling(model: HandlingModel | undefined, category: string | undefined, random: Random): number {
  const samples = (category !== undefined ? model?.byCategory?.[category] : undefined) ?? model?.all;
  if (samples && samples.length > 0) return samples[Math.floor(random() * samples.length)];
  return model?.fallbackSeconds ?? 60;
}

export function simulate(input: readonly SimCase[], config: SimConfig): SimResult {
  const n = input.length;
  const nMod = Math.max(0, Math.trunc(config.moderators));
  const nSen = Math.max(0, Math.trunc(config.seniors ?? 0));
  const people = nMod + nSen;
  const lease = config.leaseSeconds ?? 300;
  const fifo = config.discipline === 'fifo';
  const horizon = config.horizon ?? Infinity;

  // Columns of the input, and the draws every case needs, made up front in input order: the same seed gives every
  // case the same handling times in every run (EDF and FIFO, any K), so runs differ only by their staffing.
  const arrival = new Float64Array(n);
  const ready = new Float64Array(n);
  const due = new Float64Array(n);
  const reports = new Int32Array(n);
  const handling = new Float64Array(n);
  const seniorHandling = new Float64Array(n);
  const escalate = new Uint8Array(n);
  const abandonsLeft = new Int32Array(n);
  const tier = new Uint8Array(n);
  const breached = new Uint8Array(n);
  const random = seededRandom(config.seed ?? 1);
  for (let i = 0; i < n; i++) {
    const c = input[i];
    arrival[i] = c.arrival;
    ready[i] = c.ready ?? c.arrival;
    due[i] = c.due;
    reports[i] = c.reportCount ?? 1;
    const h = drawHandling(config.handling, c.category, random);
    const s = drawHandling(config.handling, c.category, random);
    handling[i] = c.handling ?? h;
    seniorHandling[i] = c.seniorHandling ?? s;
    escalate[i] = c.escalate ? 1 : 0;
    abandonsLeft[i] = Math.max(0, Math.trunc(c.abandons ?? 0));
    tier[i] = c.tier === 'senior' || c.breached ? SENIOR : STANDARD;
    breached[i] = c.breached ? 1 : 0;
  }

  const status = new Uint8Array(n);
  const escalated = new Uint8Array(n);
  const holder = new Int32Array(n).fill(-1);
  const claimSeq = new Int32Array(n);
  const decidedAt = new Float64Array(n).fill(NaN);
  const breachedInRun = new Uint8Array(n);

  const claimOrder = fifo
    ? (a: number, b: number) => arrival[a] < arrival[b] || (arrival[a] === arrival[b] && a < b)
    : (a: number, b: number) =>
        due[a] < due[b] ||
        (due[a] === due[b] && (reports[a] > reports[b] || (reports[a] === reports[b] && (arrival[a] < arrival[b] || (arrival[a] === arrival[b] && a < b)))));
  const queues = [new IdHeap(claimOrder, 1024), new IdHeap(claimOrder, 64)];

  // Events: cases becoming claimable (by ready) and deadlines (by due), each a sorted list walked once.
  const byReady = sortedIds(n, (a, b) => ready[a] - ready[b] || a - b);
  const byDue = sortedIds(n, (a, b) => due[a] - due[b] || a - b);
  let nextReady = 0;
  let nextDue = 0;

  // People: moderators are ids 0..nMod-1, seniors nMod..people-1. Each busy one has one finish event.
  const busyUntil = new Float64Array(people);
  const holding = new Int32Array(people).fill(-1);
  const holdingSeq = new Int32Array(people);
  const walkingAway = new Uint8Array(people);
  const finishing = new IdHeap((a, b) => busyUntil[a] < busyUntil[b] || (busyUntil[a] === busyUntil[b] && a < b), Math.max(1, people));
  const idle = [new IdHeap((a, b) => a < b, Math.max(1, nMod)), new IdHeap((a, b) => a < b, Math.max(1, nSen))];
  // Abandoned claims: their leases expire at `expiryAt`; an expiry is stale once the case was claimed again or breached.
  const expiryAt: number[] = [];
  const expiryCase: number[] = [];
  const expirySeq: number[] = [];
  const expiries = new IdHeap((a, b) => expiryAt[a] < expiryAt[b] || (expiryAt[a] === expiryAt[b] && a < b), 16);

  const start = config.start ?? (n > 0 ? ready[byReady[0]] : 0);
  for (let p = 0; p < people; p++) {
    const free = p < nMod ? config.moderatorsFreeAt?.[p] : config.seniorsFreeAt?.[p - nMod];
    if (free !== undefined && free > start) {
      busyUntil[p] = free;
      finishing.push(p);
    } else {
      idle[p < nMod ? 0 : 1].push(p);
    }
  }

  let open = 0;
  let overdue = 0;
  let peak = 0;
  let decided = 0;
  let breaches = 0;
  let escalations = 0;
  let lostClaims = 0;
  const trace: SimTrace | undefined = config.trace ? { t: [], open: [], overdue: [] } : undefined;

  const enqueue = (c: number) => {
    status[c] = CLAIMABLE;
    holder[c] = -1;
    queues[tier[c]].push(c);
  };
  /** The next claimable case of a tier, skipping entries left behind by a move to the senior tier. */
  const takeFrom = (t: number): number => {
    const q = queues[t];
    while (q.size > 0) {
      const c = q.pop();
      if (status[c] === CLAIMABLE && tier[c] === t) return c;
    }
    return -1;
  };
  const hasClaimable = (t: number): boolean => {
    const q = queues[t];
    while (q.size > 0) {
      const c = q.peek();
      if (status[c] === CLAIMABLE && tier[c] === t) return true;
      q.pop();
    }
    return false;
  };
  const claim = (p: number, c: number, now: number) => {
    status[c] = HELD;
    holder[c] = p;
    claimSeq[c] += 1;
    holding[p] = c;
    holdingSeq[p] = claimSeq[c];
    const h = escalated[c] ? seniorHandling[c] : handling[c];
    busyUntil[p] = now + h;
    if (abandonsLeft[c] > 0) {
      abandonsLeft[c] -= 1;
      walkingAway[p] = 1;
      const e = expiryAt.length;
      expiryAt.push(now + lease);
      expiryCase.push(c);
      expirySeq.push(claimSeq[c]);
      expiries.push(e);
    } else {
      walkingAway[p] = 0;
    }
    finishing.push(p);
  };

  for (;;) {
    let t = Infinity;
    if (finishing.size > 0) t = Math.min(t, busyUntil[finishing.peek()]);
    if (nextDue < n) t = Math.min(t, due[byDue[nextDue]]);
    if (expiries.size > 0) t = Math.min(t, expiryAt[expiries.peek()]);
    if (nextReady < n) t = Math.min(t, ready[byReady[nextReady]]);
    if (t === Infinity || t > horizon) break;

    // 1. Claims ending now: a decision, an escalation, a walk-away, or work lost to a breach.
    while (finishing.size > 0 && busyUntil[finishing.peek()] === t) {
      const p = finishing.pop();
      const c = holding[p];
      holding[p] = -1;
      if (c >= 0 && !walkingAway[p]) {
        if (status[c] === HELD && holder[c] === p && claimSeq[c] === holdingSeq[p]) {
          if (escalate[c] && !escalated[c] && tier[c] === STANDARD) {
            escalated[c] = 1;
            escalations += 1;
            tier[c] = SENIOR;
            enqueue(c);
          } else {
            status[c] = DECIDED;
            holder[c] = -1;
            decidedAt[c] = t;
            decided += 1;
            open -= 1;
            if (breached[c]) overdue -= 1;
          }
        } else {
          lostClaims += 1;
        }
      }
      walkingAway[p] = 0;
      idle[p < nMod ? 0 : 1].push(p);
    }

    // 2. Deadlines passing now: the case is breached, goes to the senior tier, and loses its lease.
    while (nextDue < n && due[byDue[nextDue]] === t) {
      const c = byDue[nextDue++];
      if (status[c] === DECIDED || breached[c]) continue;
      breached[c] = 1;
      breachedInRun[c] = 1;
      breaches += 1;
      const wasSenior = tier[c] === SENIOR;
      tier[c] = SENIOR;
      if (status[c] === FUTURE) continue;
      overdue += 1;
      if (status[c] === HELD) {
        claimSeq[c] += 1;
        enqueue(c);
      } else if (!wasSenior) {
        queues[SENIOR].push(c);
      }
    }

    // 3. Leases of abandoned claims expiring now: the case is claimable again.
    while (expiries.size > 0 && expiryAt[expiries.peek()] === t) {
      const e = expiries.pop();
      const c = expiryCase[e];
      if (status[c] === HELD && claimSeq[c] === expirySeq[e]) enqueue(c);
    }

    // 4. Cases triaged now.
    while (nextReady < n && ready[byReady[nextReady]] === t) {
      const c = byReady[nextReady++];
      open += 1;
      if (breached[c]) overdue += 1;
      enqueue(c);
    }

    // 5. Everyone idle claims, lowest id first: moderators the standard tier, seniors theirs (then the standard one).
    while (idle[0].size > 0 && hasClaimable(STANDARD)) claim(idle[0].pop(), takeFrom(STANDARD), t);
    while (idle[1].size > 0) {
      if (hasClaimable(SENIOR)) claim(idle[1].pop(), takeFrom(SENIOR), t);
      else if (config.seniorsTakeStandard && hasClaimable(STANDARD)) claim(idle[1].pop(), takeFrom(STANDARD), t);
      else break;
    }

    if (open > peak) peak = open;
    if (trace) {
      const last = trace.t.length - 1;
      if (last >= 0 && trace.t[last] === t) {
        trace.open[last] = open;
        trace.overdue[last] = overdue;
      } else if (last < 0 || trace.open[last] !== open || trace.overdue[last] !== overdue) {
        trace.t.push(t);
        trace.open.push(open);
        trace.overdue.push(overdue);
      }
    }
  }

  const times = new Float64Array(n);
  let withinDeadline = 0;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const d = decidedAt[i];
    if (Number.isNaN(d)) {
      times[i] = Infinity;
      continue;
    }
    times[i] = d - arrival[i];
    if (times[i] > worst) worst = times[i];
    if (d <= due[i]) withinDeadline += 1;
  }
  times.sort();
  return {
    cases: n,
    decided,
    undecided: n - decided,
    withinDeadline,
    withinDeadlineShare: n === 0 ? 1 : withinDeadline / n,
    breaches,
    p50Seconds: percentileCont(times, 0.5),
    p90Seconds: percentileCont(times, 0.9),
    worstSeconds: n === 0 ? null : decided === n ? worst : null,
    peakBacklog: peak,
    escalations,
    lostClaims,
    decidedAt,
    breachedInRun,
    ...(trace ? { trace } : {}),
  };
}

function sortedIds(n: number, compare: (a: number, b: number) => number): Uint32Array {
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids.sort(compare);
}
