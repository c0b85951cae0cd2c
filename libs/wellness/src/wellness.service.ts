import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { Clock } from '@docket/common';
import { AppConfig } from '@docket/config';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { ExposureCounts, ExposureDay, ExposureRepository } from './exposure.repository';
import { DEFAULT_PREFERENCES, ModeratorPreferences, PreferencesRepository } from './preferences.repository';

export interface Exposure {
  session: ExposureCounts & { since: string };
  today: ExposureCounts;
  sincePause: ExposureCounts;
  continuousWorkMinutes: number;
  limits: { breakAfterMinutes: number; breakAfterViolentCases: number; dailyViolentCap: number | null };
  breakDue: boolean;
  violentCapReached: boolean;
}

/**
 * What a moderator has been exposed to and the limits that protect them. A case counts as opened when it is claimed;
 * a break is due after long continuous work or many violent cases since the last pause, and past an optional daily
 * cap claims give non-violent cases only.
 */
@Injectable()
export class WellnessService {
  constructor(
    private readonly tx: Transactions,
    private readonly exposures: ExposureRepository,
    private readonly preferences: PreferencesRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** `sessionStart`: when the console session began; an API caller's session is the UTC day. */
  async exposure(moderator: Principal, sessionStart?: Date): Promise<Exposure> {
    const now = this.clock.now();
    const since = sessionStart ?? startOfUtcDay(now);
    const pauseSeconds = this.config.WELLNESS_PAUSE_MINUTES * 60;
    const r = await this.exposures.reading(this.tx.reader, { principalId: moderator.id!, now, since, pauseSeconds });
    const continuousWorkMinutes = r.runStartedAt ? Math.floor((now.getTime() - r.runStartedAt.getTime()) / 60_000) : 0;
    const cap = this.config.WELLNESS_DAILY_VIOLENT_CAP || null;
    return {
      session: { ...r.since, since: since.toISOString() },
      today: r.today,
      sincePause: r.sinceRun,
      continuousWorkMinutes,
      limits: { breakAfterMinutes: this.config.WELLNESS_BREAK_MINUTES, breakAfterViolentCases: this.config.WELLNESS_BREAK_VIOLENT_CASES, dailyViolentCap: cap },
      breakDue: continuousWorkMinutes >= this.config.WELLNESS_BREAK_MINUTES || r.sinceRun.violentCases >= this.config.WELLNESS_BREAK_VIOLENT_CASES,
      violentCapReached: cap !== null && r.today.violentCases >= cap,
    };
  }

  /** Whether this moderator's claims should skip violent cases today; asks the database only when a cap is set. */
  async violentCapReached(moderatorId: string, now: Date): Promise<boolean> {
    const cap = this.config.WELLNESS_DAILY_VIOLENT_CAP;
    return cap > 0 && (await this.exposures.violentToday(this.tx.reader, moderatorId, now)) >= cap;
  }

  async preferencesOf(moderator: Principal): Promise<ModeratorPreferences> {
    return (await this.preferences.find(this.tx.reader, moderator.id!)) ?? { ...DEFAULT_PREFERENCES };
  }

  async savePreferences(moderator: Principal, p: ModeratorPreferences): Promise<ModeratorPreferences> {
    const saved = { blurViolent: p.blurViolent, grayscaleMedia: p.grayscaleMedia };
    await this.tx.run(async (tx) => {
      const at = this.clock.now();
      const before = (await this.preferences.save(tx, moderator.id!, saved, at)) ?? DEFAULT_PREFERENCES;
      await this.audit.record(tx, {
        actor: { id: moderator.id, role: moderator.role }, action: 'preferences.changed', subjectType: 'principal', subjectId: moderator.id!, at,
        data: { before, after: saved },
      });
    });
    return saved;
  }

  /** Auditors' aggregate: per day of [from, to) (timestamptz literals, infinities allowed), never per name. */
  days(from: string, to: string): Promise<ExposureDay[]> {
    return this.exposures.days(this.tx.reader, from, to);
  }
}

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}
