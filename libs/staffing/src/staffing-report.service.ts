import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { recordedHistory } from './history';
import { wholeSeconds } from './percentiles';
import { SimCase, SimConfig, SimResult, simulate } from './simulator';
import { StaffingRepository } from './staffing.repository';

/** Fewer recorded decisions than this and the report says so instead of guessing (issue 19). */
export const MIN_DECISIONS = 30;
/** The largest period replayed at once; a longer one is asked to be narrowed. */
export const MAX_CASES = 100_000;
/** The staffing levels tried at most. */
export const MAX_MODERATORS = 200;
/** The seed of the handling times drawn for cases nobody decided: the same report for the same history. */
const SEED = 1;

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

export interface StaffingReport {
  from: string | null;
  to: string | null;
  target: number;
  cases: number;
  decisions: number;
  seniors: number;
  moderatorsNeeded: number | null;
  /** The share of deadlines met with as many moderators as cases: what no staffing of the standard tier beats. */
  withUnlimitedModerators: number;
  rows: StaffingRow[];
}

/** The columns of the CSV: one row per staffing level. */
export const STAFFING_COLUMNS = [
  'moderators', 'meetsTarget', 'withinDeadline', 'p50Seconds', 'p90Seconds', 'worstSeconds', 'peakBacklog', 'undecided',
  'fifoWithinDeadline', 'fifoP50Seconds', 'fifoP90Seconds', 'fifoWorstSeconds', 'fifoPeakBacklog', 'fifoUndecided',
];

/** A share of 0–1 to four decimals, times to whole seconds: the figures reports show. */
export function staffingFigures(r: SimResult): StaffingFigures {
  return {
    withinDeadline: Math.round(r.withinDeadlineShare * 10_000) / 10_000,
    p50Seconds: wholeSeconds(r.p50Seconds),
    p90Seconds: wholeSeconds(r.p90Seconds),
    worstSeconds: wholeSeconds(r.worstSeconds),
    peakBacklog: r.peakBacklog,
    undecided: r.undecided,
  };
}

/**
 * The staffing levels to report for a history: 1, 2, … until `target` of the deadlines are met, and two more; when
 * no number of moderators meets it, until the share stops improving, and two more. Yields to the event loop between
 * runs, so a long report never holds the process.
 */
export async function staffingRows(cases: readonly SimCase[], base: Omit<SimConfig, 'moderators'>, target: number, max = MAX_MODERATORS) {
  const ceiling = simulate(cases, { ...base, moderators: Math.max(1, cases.length) }).withinDeadlineShare;
  const rows: StaffingRow[] = [];
  let needed: number | null = null;
  let stopAt = max;
  for (let k = 1; k <= stopAt; k++) {
    const edf = simulate(cases, { ...base, moderators: k });
    const fifo = simulate(cases, { ...base, moderators: k, discipline: 'fifo' });
    const meets = edf.withinDeadlineShare >= target;
    rows.push({ moderators: k, meetsTarget: meets, ...staffingFigures(edf), fifo: staffingFigures(fifo) });
    if (meets && needed === null) {
      needed = k;
      stopAt = Math.min(max, k + 2);
    } else if (needed === null && edf.withinDeadlineShare >= ceiling && stopAt === max) {
      stopAt = Math.min(max, k + 2);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { rows, moderatorsNeeded: needed, withUnlimitedModerators: Math.round(ceiling * 10_000) / 10_000 };
}

/**
 * The staffing report (GET /v1/audit/staffing): the period's recorded arrivals replayed through the simulator with
 * the recorded handling times, for 1…K moderators, in docket's claim order and FIFO. Like every export, an audit
 * event records who asked for which range.
 */
@Injectable()
export class StaffingReports {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: StaffingRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async report(actor: Principal, period: { from: Date | null; to: Date | null }, target: number, format: string): Promise<StaffingReport> {
    const from = period.from?.toISOString() ?? '-infinity';
    const to = period.to?.toISOString() ?? 'infinity';
    const cases = await this.repo.cases(this.tx.reader, from, to, MAX_CASES + 1);
    if (cases.length === 0) {
      throw ApiError.validation([{ path: 'from', message: 'no case was first reported in [from, to): there is nothing to replay; choose a period with recorded cases' }]);
    }
    if (cases.length > MAX_CASES) {
      throw ApiError.validation([{ path: 'to', message: `the period holds more than ${MAX_CASES} cases; narrow from/to` }]);
    }
    const history = recordedHistory(cases, await this.repo.decisions(this.tx.reader, from, to), this.config.CAPACITY_DEFAULT_HANDLING_SECONDS);
    if (history.decisions < MIN_DECISIONS) {
      throw ApiError.unprocessable(
        `too little history: the staffing report needs at least ${MIN_DECISIONS} decisions with a measured handling time (a moderator's claim, then their decision) ` +
          `among the cases first reported in the period, and this period has ${history.decisions}; choose a longer period, or come back when ${MIN_DECISIONS - history.decisions} more have been made`,
      );
    }
    const base = { seniors: history.seniors, handling: history.handling, seed: SEED, leaseSeconds: this.config.LEASE_SECONDS };
    const { rows, moderatorsNeeded, withUnlimitedModerators } = await staffingRows(history.cases, base, target);
    await this.tx.run((tx) =>
      this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'audit.exported', subjectType: 'export', subjectId: 'staffing', at: this.clock.now(),
        data: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null, target, format },
      }),
    );
    return {
      from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null, target,
      cases: history.cases.length, decisions: history.decisions, seniors: history.seniors, moderatorsNeeded, withUnlimitedModerators, rows,
    };
  }
}

/** A report's rows as CSV records (STAFFING_COLUMNS). */
export function staffingCsvRecords(report: StaffingReport): Record<string, unknown>[] {
  return report.rows.map((r) => ({
    moderators: r.moderators, meetsTarget: r.meetsTarget, withinDeadline: r.withinDeadline, p50Seconds: r.p50Seconds, p90Seconds: r.p90Seconds,
    worstSeconds: r.worstSeconds, peakBacklog: r.peakBacklog, undecided: r.undecided,
    fifoWithinDeadline: r.fifo.withinDeadline, fifoP50Seconds: r.fifo.p50Seconds, fifoP90Seconds: r.fifo.p90Seconds,
    fifoWorstSeconds: r.fifo.worstSeconds, fifoPeakBacklog: r.fifo.peakBacklog, fifoUndecided: r.fifo.undecided,
  }));
}
