import { AuditPeriod, periodBounds } from './period';

export type CaseExportFormat = 'csv' | 'jsonl';

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab, CR) as a formula; a
 * leading apostrophe makes it text. Only the post id is free text from outside.
 */
const neutralised = (column: string) => `CASE WHEN ${column} ~ '^[=+@\\t\\r-]' THEN '''' || ${column} ELSE ${column} END`;

/** Column name → SQL, in export order: every timestamp of the case and what is derived from them. */
function columns(format: CaseExportFormat): [string, string][] {
  // COPY writes booleans as t/f; a spreadsheet reader expects words.
  const bool = (sql: string) => (format === 'csv' ? `(${sql})::text` : sql);
  return [
    ['caseId', 'c.id'],
    ['postId', format === 'csv' ? neutralised('c.post_id') : 'c.post_id'],
    ['outcome', 'c.state'],
    ['tier', 'c.tier'],
    ['source', 'c.source'],
    ['category', 'c.category'],
    ['categories', `array_to_string(c.categories, ';')`],
    ['reporterKinds', `(SELECT string_agg(DISTINCT r.reporter_kind, ';' ORDER BY r.reporter_kind) FROM reports r WHERE r.case_id = c.id)`],
    ['reportCount', 'c.report_count'],
    ['firstReportedAt', iso('c.first_reported_at')],
    ['queuedAt', iso('c.queued_at')],
    ['firstClaimedAt', iso('c.first_claimed_at')],
    ['decidedAt', iso('c.decided_at')],
    ['removedAt', iso('c.removed_at')],
    ['closedAt', iso('c.closed_at')],
    ['dueAt', iso('c.due_at')],
    ['breachedAt', iso('c.breached_at')],
    ['secondsToRemoval', `extract(epoch FROM c.removed_at - c.first_reported_at)::float8`],
    ['secondsToAction', `extract(epoch FROM c.closed_at - c.first_reported_at)::float8`],
    ['withinDeadline', bool(`coalesce(c.closed_at <= c.due_at, false)`)],
    ['breached', bool(`c.breached_at IS NOT NULL`)],
  ];
}

export const CASE_EXPORT_COLUMNS = columns('csv').map(([name]) => name);

/**
 * One row per case first reported in the period, oldest first, as a COPY
 * statement: PostgreSQL writes the CSV (RFC 4180 quoting, header row) or the JSON
 * of each line itself, and the API only forwards bytes.
 */
export function caseExportCopy(period: AuditPeriod, format: CaseExportFormat, literal: (v: string) => string): { query: string; options: string } {
  const [from, to] = periodBounds(period).map(literal);
  const where = `c.first_reported_at >= ${from}::timestamptz AND c.first_reported_at < ${to}::timestamptz`;
  const order = 'ORDER BY c.first_reported_at, c.id';
  const cols = columns(format);
  if (format === 'csv') {
    return {
      query: `SELECT ${cols.map(([name, sql]) => `${sql} AS "${name}"`).join(', ')} FROM cases c WHERE ${where} ${order}`,
      options: 'FORMAT csv, HEADER true',
    };
  }
  // CSV mode with delimiter and quote bytes that JSON text never contains raw
  // (PostgreSQL escapes every control character in JSON) emits each JSON line
  // untouched, where text mode would double its backslashes.
  return {
    query: `SELECT json_build_object(${cols.map(([name, sql]) => `'${name}', ${sql}`).join(', ')})::text FROM cases c WHERE ${where} ${order}`,
    options: `FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02'`,
  };
}
