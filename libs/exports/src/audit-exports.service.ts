import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock } from '@docket/common';
import { Transactions } from '@docket/database';
import { Principal } from '@docket/principals';
import { ExposureDay, WellnessService } from '@docket/wellness';
import { CaseExportFormat, caseExportCopy } from './case-export';
import { AuditPeriod, periodBounds } from './period';
import { DayFlow, ResponseTimeFigures, ResponseTimeRow, ResponseTimesGrouping, ResponseTimesRepository } from './response-times.repository';
import { statementOfReasons } from './statement-of-reasons';
import { StatementsRepository } from './statements.repository';
import { TransparencyRepository, TransparencyRow } from './transparency.repository';
import { AppealExportRow, AppealTimesRow, AppealsExportRepository, ComplaintsRow } from './appeals-export.repository';
import { ReadDatabase } from './read-database';
import { ReporterFiguresRow, ReportersRepository } from './reporters.repository';

export type ResponseTimesGroup = ResponseTimeFigures & { key: string } & Partial<Omit<DayFlow, 'key'>>;

export interface ResponseTimesReport {
  from: string | null;
  to: string | null;
  groups: ResponseTimesGroup[];
  total: ResponseTimeFigures & Partial<Omit<DayFlow, 'key'>>;
}

const MAX_DAYS = 3660;
const DAY_MS = 86_400_000;
const STATEMENT_BATCH = 500;

const EMPTY: ResponseTimeFigures = {
  notices: 0, cases: 0, removed: 0, noViolation: 0, open: 0,
  medianSecondsToRemoval: null, p90SecondsToRemoval: null, p99SecondsToRemoval: null, medianSecondsToAction: null,
  withinDeadline: 0, breached: 0, removedWithin24h: 0, removedWithin48h: 0, removedWithin7d: 0, removedLater: 0,
};

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * What auditors take away. Each export is itself an audit event (who exported
 * which range, in which form), written before the first byte leaves.
 */
@Injectable()
export class AuditExports {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly db: ReadDatabase,
    private readonly responseTimesRepo: ResponseTimesRepository,
    private readonly transparencyRepo: TransparencyRepository,
    private readonly statementsRepo: StatementsRepository,
    private readonly appealsRepo: AppealsExportRepository,
    private readonly wellness: WellnessService,
    private readonly reportersRepo: ReportersRepository,
  ) {}

  async responseTimes(actor: Principal, period: AuditPeriod, groupBy: ResponseTimesGrouping, format: string): Promise<ResponseTimesReport> {
    const days = groupBy === 'day' ? await this.daysOf(period) : null;
    await this.logged(actor, 'response-times', period, { groupBy, format });
    const rows = await this.responseTimesRepo.groups(period, groupBy);
    const total = strip(rows.find((r) => r.key === null)) ?? { ...EMPTY };
    const groups = rows.filter((r): r is ResponseTimeRow & { key: string } => r.key !== null);
    const report = { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null };
    if (groupBy !== 'day') return { ...report, groups, total };

    const flows = days ? await this.responseTimesRepo.dayFlows(days.first, days.last) : [];
    const byDay = new Map(groups.map((g) => [g.key, g]));
    return {
      ...report,
      groups: flows.map((f) => ({ key: f.key, ...(strip(byDay.get(f.key)) ?? EMPTY), inflow: f.inflow, closed: f.closed, backlog: f.backlog })),
      total: {
        ...total,
        inflow: flows.reduce((n, f) => n + f.inflow, 0),
        closed: flows.reduce((n, f) => n + f.closed, 0),
        backlog: flows.length ? flows[flows.length - 1].backlog : 0,
      },
    };
  }

  /**
   * The DSA transparency report's sections: notices (Art. 15(1)(b)), complaints (Art. 15(1)(d)) and reporters (the
   * notifiers' reliability, Art. 22 and 23).
   */
  async transparency(
    actor: Principal, period: AuditPeriod, format: string,
  ): Promise<{ notices: TransparencyRow[]; complaints: ComplaintsRow[]; reporters: ReporterFiguresRow[] }> {
    await this.logged(actor, 'transparency', period, { format });
    return {
      notices: await this.transparencyRepo.notices(period), complaints: await this.appealsRepo.complaints(period),
      reporters: await this.reportersRepo.figures(period),
    };
  }

  /** Per reporter: notices filed, upheld and manifestly unfounded shares, median time to decision (DSA Art. 22, 23). */
  async reporters(actor: Principal, period: AuditPeriod, format: string): Promise<ReporterFiguresRow[]> {
    await this.logged(actor, 'reporters', period, { format });
    return this.reportersRepo.figures(period);
  }

  /** One row per appeal received in the period, and their response times per category. */
  async appeals(actor: Principal, period: AuditPeriod, format: string): Promise<{ appeals: AppealExportRow[]; times: AppealTimesRow[] }> {
    await this.logged(actor, 'appeals', period, { format });
    return { appeals: await this.appealsRepo.appeals(period), times: await this.appealsRepo.times(period) };
  }

  /** Moderators' exposure per day of the period (on the time cases were opened), never per moderator. */
  async exposure(actor: Principal, period: AuditPeriod, format: string): Promise<ExposureDay[]> {
    await this.logged(actor, 'exposure', period, { format });
    return this.wellness.days(...periodBounds(period));
  }

  async cases(actor: Principal, period: AuditPeriod, format: CaseExportFormat): Promise<Readable> {
    await this.logged(actor, 'cases', period, { format });
    const { query, options } = caseExportCopy(period, format, (v) => this.db.literal(v));
    return this.db.copyOut(query, options);
  }

  async statements(actor: Principal, period: AuditPeriod): Promise<Readable> {
    await this.logged(actor, 'statements', period, { format: 'jsonl' });
    const repo = this.statementsRepo;
    return Readable.from(
      (async function* () {
        for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
          const batch = await repo.removals(period, after, STATEMENT_BATCH);
          if (batch.length === 0) return;
          yield batch.map((facts) => JSON.stringify(statementOfReasons(facts)) + '\n').join('');
          after = batch[batch.length - 1].caseId;
        }
      })(),
    );
  }

  /** The UTC days a day-by-day report covers: those of the period, or from the first notice to today. */
  private async daysOf(period: AuditPeriod): Promise<{ first: string; last: string } | null> {
    const first = period.from ? utcDay(period.from) : await this.responseTimesRepo.firstNoticeDay(period);
    const last = utcDay(period.to ? new Date(period.to.getTime() - 1) : this.clock.now());
    if (first === null || first > last) return null;
    if ((Date.parse(last) - Date.parse(first)) / DAY_MS + 1 > MAX_DAYS) {
      throw ApiError.validation([{ path: 'from', message: `groupBy=day covers at most ${MAX_DAYS} days; narrow from/to` }]);
    }
    return { first, last };
  }

  private async logged(actor: Principal, name: string, period: AuditPeriod, details: Record<string, unknown>): Promise<void> {
    await this.tx.run((tx) =>
      this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role },
        action: 'audit.exported',
        subjectType: 'export',
        subjectId: name,
        at: this.clock.now(),
        data: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null, ...details },
      }),
    );
  }
}

function strip<T extends { key: unknown }>(row: T | undefined): Omit<T, 'key'> | undefined {
  if (!row) return undefined;
  const { key: _key, ...rest } = row;
  return rest;
}
