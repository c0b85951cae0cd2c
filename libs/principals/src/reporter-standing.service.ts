import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { AppConfig } from '@docket/config';
import { ApiError, Clock } from '@docket/common';
import { Transactions, Tx } from '@docket/database';
import { Outbox, QUEUES } from '@docket/queue';
import type { Principal } from './principal';
import { PrincipalCache } from './principal-cache';
import { PrincipalRow, PrincipalsRepository, ReliabilityFigures } from './principals.repository';

const DAY_MS = 86_400_000;

/** The signed callback that carries a warning to a reporter (notify queue). */
export const REPORTER_WARNING_JOB = 'reporter.warning';

/** What the `reporter.warning` job carries: the warning as the admin gave it, with the figures it was given on. */
export interface ReporterWarningJobData {
  principalId: string;
  warnedAt: string;
  reason: string | null;
  reliability: Reliability;
}

/** A reporter's manifestly unfounded share over the configured window up to now, against the threshold. */
export interface Reliability extends ReliabilityFigures {
  windowDays: number;
  from: string;
  to: string;
  /** Of the decided notices; null when none was decided. */
  manifestlyUnfoundedShare: number | null;
  threshold: number;
  /** Whether the share is above the threshold: the condition of a suspension, with a prior warning. */
  pastThreshold: boolean;
}

export interface ReporterStanding {
  id: string;
  warnedAt: string | null;
  suspension: { since: string; until: string; reason: string } | null;
  reliability: Reliability;
}

/**
 * DSA Art. 23: a reporter that often files manifestly unfounded notices may be suspended for a set period, after a
 * prior warning. The warning is a signed callback; a suspension takes effect at once in every API process (the
 * cached key lookups are dropped as on a revocation) and ends by itself at its end time. Each is an audit event
 * written in the same transaction as the change.
 */
@Injectable()
export class ReporterStandingService {
  constructor(
    private readonly tx: Transactions,
    private readonly principals: PrincipalsRepository,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cache: PrincipalCache,
    private readonly config: AppConfig,
  ) {}

  async warn(actor: Principal, id: string, reason: string | null): Promise<ReporterStanding> {
    return this.tx.run(async (tx) => {
      const at = this.clock.now();
      const row = await this.reporter(tx, id, 'warned');
      const reliability = await this.reliability(tx, id, at);
      await this.principals.warn(tx, id, at);
      const data: ReporterWarningJobData = { principalId: id, warnedAt: at.toISOString(), reason, reliability };
      await this.outbox.add(tx, [{ queue: QUEUES.notify, name: REPORTER_WARNING_JOB, jobId: `warning-${id}-${at.getTime()}`, data: { ...data } }]);
      await this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'principal.warned', subjectType: 'principal', subjectId: id, at,
        data: { reason, callback: row.callbackUrl !== null, ...figures(reliability) },
      });
      return standing({ ...row, warnedAt: at }, reliability);
    });
  }

  async suspend(actor: Principal, id: string, input: { until: Date; reason: string }): Promise<ReporterStanding> {
    const result = await this.tx.run(async (tx) => {
      const at = this.clock.now();
      if (input.until <= at) throw ApiError.validation([{ path: 'until', message: 'must be in the future' }]);
      const row = await this.reporter(tx, id, 'suspended');
      if (!row.warnedAt) throw ApiError.conflict('a reporter is suspended only after a prior warning (POST /v1/admin/principals/{id}/warning)');
      const reliability = await this.reliability(tx, id, at);
      if (!reliability.pastThreshold) {
        const share = reliability.manifestlyUnfoundedShare === null ? 'none decided' : `${reliability.manifestlyUnfoundedShare}`;
        throw ApiError.conflict(
          `the reporter's manifestly unfounded share over the last ${reliability.windowDays} days (${share}, ${reliability.manifestlyUnfounded} of ${reliability.decided} decided) `
          + `is not above the threshold ${reliability.threshold}`,
        );
      }
      await this.principals.suspend(tx, id, { at, until: input.until, reason: input.reason });
      await this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'principal.suspended', subjectType: 'principal', subjectId: id, at,
        data: { until: input.until.toISOString(), reason: input.reason, warnedAt: row.warnedAt.toISOString(), ...figures(reliability) },
      });
      return standing({ ...row, suspendedAt: at, suspendedUntil: input.until, suspensionReason: input.reason }, reliability);
    });
    // After the commit, as for a revocation: every API process drops the key's cached principal and reads it again.
    await this.cache.revoked(id);
    return result;
  }

  async lift(actor: Principal, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const at = this.clock.now();
      const row = await this.reporter(tx, id, 'lifted');
      if (!row.suspendedUntil || row.suspendedUntil <= at) throw ApiError.conflict('this reporter is not suspended');
      await this.principals.lift(tx, id);
      await this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'principal.suspension_lifted', subjectType: 'principal', subjectId: id, at,
        data: { until: row.suspendedUntil.toISOString(), reason: row.suspensionReason },
      });
    });
    await this.cache.revoked(id);
  }

  /** The active reporter `id`, locked; 404 for no such active principal, 409 for one that is not a reporter. */
  private async reporter(tx: Tx, id: string, what: string): Promise<PrincipalRow> {
    const row = await this.principals.findActiveForUpdate(tx, id);
    if (!row) throw ApiError.notFound('principal');
    if (row.role !== 'reporter') throw ApiError.conflict(`only a reporter can be ${what}; this principal has role ${row.role}`);
    return row;
  }

  private async reliability(tx: Tx, id: string, now: Date): Promise<Reliability> {
    const windowDays = this.config.UNFOUNDED_WINDOW_DAYS;
    const threshold = this.config.UNFOUNDED_SHARE_THRESHOLD;
    const from = new Date(now.getTime() - windowDays * DAY_MS);
    const f = await this.principals.reliability(tx, id, from, now);
    const share = f.decided === 0 ? null : f.manifestlyUnfounded / f.decided;
    return {
      windowDays, from: from.toISOString(), to: now.toISOString(), ...f,
      manifestlyUnfoundedShare: share, threshold, pastThreshold: share !== null && share > threshold,
    };
  }
}

function figures(r: Reliability) {
  return { windowDays: r.windowDays, filed: r.filed, decided: r.decided, manifestlyUnfounded: r.manifestlyUnfounded, manifestlyUnfoundedShare: r.manifestlyUnfoundedShare, threshold: r.threshold };
}

function standing(row: PrincipalRow, reliability: Reliability): ReporterStanding {
  return {
    id: row.id,
    warnedAt: row.warnedAt?.toISOString() ?? null,
    suspension: row.suspendedUntil && row.suspendedAt
      ? { since: row.suspendedAt.toISOString(), until: row.suspendedUntil.toISOString(), reason: row.suspensionReason! }
      : null,
    reliability,
  };
}
