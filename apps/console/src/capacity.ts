// The Capacity page's data as the API gives it (apps/api/src/capacity/capacity.dto.ts, apps/api/src/audit/staffing.dto.ts,
// the day groups of apps/api/src/audit/audit.dto.ts), and the arithmetic the page does on it.

/** GET /v1/capacity: the live capacity alarm's latest projection. */
export interface CapacityStatus {
  at: string;
  state: 'ok' | 'insufficient' | 'unknown';
  since: string | null;
  projectedAt: string | null;
  stale: boolean;
  horizonMinutes: number | null;
  moderatorsActive: number | null;
  seniorsActive: number | null;
  /** null: no projection yet, or more than the 500 the projection tries. */
  moderatorsNeeded: number | null;
  atRisk: { caseId: string; dueAt: string }[];
  atRiskCount: number;
  projectedBreaches: number | null;
  backlog: number | null;
  inflowPerHour: { recent: number; lastWeek: number; projected: number } | null;
  handlingSecondsMedian: number | null;
}

/** The share of deadlines met and the times to decision of one staffing level (or its FIFO twin). */
export interface StaffingFigures {
  withinDeadline: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
  worstSeconds: number | null;
  peakBacklog: number;
  undecided: number;
}

export interface StaffingRow extends StaffingFigures {
  moderators: number;
  meetsTarget: boolean;
  fifo: StaffingFigures;
}

/** GET /v1/audit/staffing. */
export interface StaffingReport {
  from: string | null;
  to: string | null;
  target: number;
  cases: number;
  decisions: number;
  seniors: number;
  moderatorsNeeded: number | null;
  withUnlimitedModerators: number;
  rows: StaffingRow[];
}

/** One UTC day of GET /v1/audit/response-times?groupBy=day (the fields the page shows). */
export interface DayFigures {
  /** YYYY-MM-DD (UTC). */
  key: string;
  /** Cases first reported that day. */
  inflow: number;
  /** Cases closed that day. */
  closed: number;
  /** Cases open at the day's end (for today: now). */
  backlog: number;
  /** Of the cases of that day's notices: closed by their deadline, and breached. */
  withinDeadline: number;
  breached: number;
}

export interface DaysReport {
  groups: DayFigures[];
}

/** The staffing report's target: the share of deadlines the K curve is read against. */
export const TARGET = 0.99;
/** Days the page looks back over (today included). */
export const DAYS = 7;

const DAY_MS = 24 * 3600 * 1000;

/** Midnight UTC of the first of the DAYS days ending with the day of `at` (the response-times days are UTC days). */
export function periodStart(at: string): string {
  const t = Date.parse(at);
  return new Date(t - (t % DAY_MS) - (DAYS - 1) * DAY_MS).toISOString();
}

/**
 * The share of a day's deadlines that were kept, of those whose fate is known: cases closed in time, against those
 * plus the breached ones (cases still open before their deadline count for neither). null when none is known yet.
 */
export function dayShare(day: DayFigures): number | null {
  const known = day.withinDeadline + day.breached;
  return known === 0 ? null : Math.min(1, day.withinDeadline / known);
}

/**
 * "99.5%": a share as a percentage to one decimal, rounded down, so a share short of the target never reads as
 * meeting it (0.9899 is 98.9%, not 99%).
 */
export function formatShare(share: number): string {
  const tenths = Math.floor(share * 1000 + 1e-9);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%`;
}

/** The fewest moderators of the rows with which FIFO meets the target; null when no row's does. */
export function fifoNeeded(report: StaffingReport): number | null {
  return report.rows.find((r) => r.fifo.withinDeadline >= report.target)?.moderators ?? null;
}

/** ["Tue", "1 Dec"] for a YYYY-MM-DD UTC day. */
export function dayParts(key: string): [string, string] {
  const d = new Date(`${key}T00:00:00Z`);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return [weekday, `${d.getUTCDate()} ${month}`];
}

/** "Tue 1 Dec" for a YYYY-MM-DD UTC day. */
export const formatDay = (key: string): string => dayParts(key).join(' ');

/** "in 53 min", "12 min ago": a deadline to the minute (a list of them ticking by the second only distracts). */
export function formatDueIn(untilMs: number): string {
  const minutes = Math.round(untilMs / 60_000);
  if (minutes === 0) return 'due now';
  const span = (m: number) => (m < 60 ? `${m} min` : m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`);
  return minutes > 0 ? `due in ${span(minutes)}` : `${span(-minutes)} overdue`;
}
