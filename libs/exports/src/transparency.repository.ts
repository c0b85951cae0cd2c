import { Injectable } from '@nestjs/common';
import { DSA_CATEGORIES } from '@docket/dsa';
import { ReadDatabase } from './read-database';
import { AuditPeriod, periodBounds } from './period';

export interface TransparencyRow {
  category: string;
  notices: number;
  trustedFlaggerNotices: number;
  medianHoursToAction: number | null;
  medianHoursToActionTrustedFlaggers: number | null;
  actionsOnLegalGrounds: number;
  actionsOnTermsAndConditions: number;
}

/**
 * The "notices" section of a DSA transparency report (Art. 15(1)(b)), one row per
 * statement category, every category listed, then the total. An action is a
 * removal the platform confirmed; its basis is the ground of the decision that
 * ordered it. Time to action is per notice, as in deadlines.md.
 */
@Injectable()
export class TransparencyRepository {
  constructor(private readonly db: ReadDatabase) {}

  async notices(period: AuditPeriod): Promise<TransparencyRow[]> {
    const [from, to] = periodBounds(period);
    const found = await this.db.query<TransparencyRow & { isTotal: boolean }>(
      `WITH notices AS (
         SELECT r.category, r.reporter_kind = 'trusted_flagger' AS trusted,
                CASE WHEN c.closed_at >= r.received_at THEN extract(epoch FROM c.closed_at - r.received_at)::float8 / 3600 END AS hours,
                CASE WHEN c.state = 'removed' THEN d.ground END AS action_ground
           FROM reports r
           JOIN cases c ON c.id = r.case_id
           LEFT JOIN LATERAL (SELECT ground FROM decisions
                               WHERE case_id = c.id AND action = 'remove' ORDER BY decided_at DESC, id DESC LIMIT 1) d ON true
          WHERE r.received_at >= $1::timestamptz AND r.received_at < $2::timestamptz
       )
       SELECT k.category, GROUPING(k.category) = 1 AS "isTotal",
              count(n.category)::int AS notices,
              count(n.category) FILTER (WHERE n.trusted)::int AS "trustedFlaggerNotices",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY n.hours) AS "medianHoursToAction",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY n.hours) FILTER (WHERE n.trusted) AS "medianHoursToActionTrustedFlaggers",
              count(*) FILTER (WHERE n.action_ground = 'illegal_content')::int AS "actionsOnLegalGrounds",
              count(*) FILTER (WHERE n.action_ground = 'incompatible_content')::int AS "actionsOnTermsAndConditions"
         FROM unnest($3::text[]) AS k(category)
         LEFT JOIN notices n ON n.category = k.category
        GROUP BY GROUPING SETS ((k.category), ())
        ORDER BY GROUPING(k.category), k.category`,
      [from, to, DSA_CATEGORIES],
    );
    return found.map(({ isTotal, ...row }) => ({ ...row, category: isTotal ? 'total' : row.category }));
  }
}
