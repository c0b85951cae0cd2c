/** `[from, to)` on received time; an open end is unbounded. */
export interface AuditPeriod {
  from: Date | null;
  to: Date | null;
}

/** The period as two timestamptz bind values. */
export function periodBounds(period: AuditPeriod): [string, string] {
  return [period.from?.toISOString() ?? '-infinity', period.to?.toISOString() ?? 'infinity'];
}
