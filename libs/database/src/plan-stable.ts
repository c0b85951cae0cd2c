/**
 * An array parameter as keys the planner cannot count, for a lookup by primary key: `c.id = ANY(${runtimeKeys('$1',
 * 'uuid')})`. Given a plain `$1`, a custom plan (the first runs of a prepared statement, and every run of an unnamed
 * one) reads the array as a constant and weighs that many index probes against one scan of the whole table, and scans
 * a table of fewer than about 300 rows per key: for 500 keys, up to about 150 000 rows, where the scan took 33 ms and
 * the probes 4.
 * Read through a sub-select, the array is a value of run time (an InitPlan): PostgreSQL counts it as 10 keys,
 * whatever it holds and whatever the table's statistics say, so a table of more than a few pages is always reached
 * through its index. Decision 0028.
 */
export const runtimeKeys = (param: string, type: string): string => `(SELECT ${param}::${type}[])::${type}[]`;
