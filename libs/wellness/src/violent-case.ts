/** The category whose cases count as violent whatever the classifier found. */
export const VIOLENCE_CATEGORY = 'STATEMENT_CATEGORY_VIOLENCE';

/**
 * A violent case, as SQL over a cases row aliased `alias`: the one definition that blurring, exposure counts and the
 * daily cap share with `isViolentCase`.
 */
export const violentCaseSql = (alias: string): string =>
  `(${alias}.category = '${VIOLENCE_CATEGORY}' OR coalesce(${alias}.signals->'flags', '[]'::jsonb) ? 'incitement')`;

export function isViolentCase(c: { category: string; signals: Record<string, unknown> | null }): boolean {
  const flags = c.signals?.flags;
  return c.category === VIOLENCE_CATEGORY || (Array.isArray(flags) && flags.includes('incitement'));
}
