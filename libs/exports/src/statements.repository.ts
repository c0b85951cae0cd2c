import { Injectable } from '@nestjs/common';
import { ReadDatabase } from './read-database';
import { AuditPeriod, periodBounds } from './period';
import { RemovalFacts } from './statement-of-reasons';

/**
 * Cases of the period whose removal the platform confirmed (restored ones too: the removal happened), with the
 * decision that removed them and the appeal that overturned it, if any, a page at a time by case id.
 */
@Injectable()
export class StatementsRepository {
  constructor(private readonly db: ReadDatabase) {}

  removals(period: AuditPeriod, afterCaseId: string, limit: number): Promise<RemovalFacts[]> {
    return this.db.query<RemovalFacts>(
      `SELECT c.id AS "caseId", c.source, coalesce(d.category, c.category) AS category, c.categories, c.report_count AS "reportCount",
              c.first_reported_at AS "firstReportedAt", c.removed_at AS "removedAt",
              coalesce(p.text, '') <> '' AS "hasText", p.media_urls AS "mediaUrls", p.posted_at AS "postedAt",
              d.id AS "decisionId", d.ground, d.legal_ground AS "legalGround", d.policy, d.explanation,
              d.automated_detection AS "automatedDetection", d.automated_decision AS "automatedDecision",
              coalesce((SELECT array_agg(DISTINCT r.reporter_kind ORDER BY r.reporter_kind) FROM reports r WHERE r.case_id = c.id), '{}') AS "reporterKinds",
              coalesce((SELECT array_agg(DISTINCT s ORDER BY s) FROM reports r, unnest(r.specification) s WHERE r.case_id = c.id), '{}') AS specifications,
              (SELECT json_build_object('appealId', a.id, 'decisionId', a.new_decision_id, 'decidedAt', a.decided_at)
                 FROM appeals a WHERE a.decision_id = d.id AND a.outcome = 'overturn' LIMIT 1) AS "overturnedOnAppeal"
         FROM cases c
         JOIN posts p ON p.id = c.post_id
         JOIN LATERAL (SELECT * FROM decisions WHERE case_id = c.id AND action = 'remove' ORDER BY decided_at DESC, id DESC LIMIT 1) d ON true
        WHERE c.removed_at IS NOT NULL AND c.first_reported_at >= $1::timestamptz AND c.first_reported_at < $2::timestamptz AND c.id > $3
        ORDER BY c.id
        LIMIT $4`,
      [...periodBounds(period), afterCaseId, limit],
    );
  }
}
