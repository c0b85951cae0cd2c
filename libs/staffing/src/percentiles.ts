/**
 * `percentile_cont` as PostgreSQL computes it (linear interpolation between the two nearest ranks), over values
 * sorted ascending, so the staffing figures and the audit exports agree. An undecided case is +Infinity: a
 * percentile that falls among those (or between one and a finite value) has no value, and is null.
 */
export function percentileCont(sorted: ArrayLike<number>, fraction: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const position = fraction * (n - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const a = sorted[lo];
  if (lo === hi || position === lo) return Number.isFinite(a) ? a : null;
  const b = sorted[hi];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  return a + (position - lo) * (b - a);
}

/** Rounded to whole seconds for reports (null stays null). */
export const wholeSeconds = (x: number | null): number | null => (x === null ? null : Math.round(x));
