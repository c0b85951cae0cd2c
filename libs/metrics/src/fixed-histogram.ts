import type { Metric, MetricValueWithName } from 'prom-client';

/** A histogram counted elsewhere (in SQL): cumulative counts per upper bound, plus sum and count. */
export interface HistogramSnapshot {
  /** Upper bounds in ascending order, without +Inf. */
  bounds: readonly number[];
  /** Cumulative: cumulative[i] = observations <= bounds[i]. */
  cumulative: readonly number[];
  count: number;
  sum: number;
}

/**
 * prom-client's Histogram only learns values one observation at a time, so a
 * histogram already counted by the database is handed to the registry as a
 * collector of its own: an object with the shape the registry renders (name,
 * help, type and `get()`), so the exposition text (one HELP/TYPE, `_bucket{le}`,
 * `+Inf`, `_sum`, `_count`, escaping) comes from prom-client, not from us.
 */
export function fixedHistogram(name: string, help: string, snapshot: HistogramSnapshot): Metric {
  if (snapshot.bounds.length !== snapshot.cumulative.length) throw new Error(`${name}: ${snapshot.bounds.length} bounds but ${snapshot.cumulative.length} counts`);
  const values: MetricValueWithName<string>[] = [
    ...snapshot.bounds.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le }, value: snapshot.cumulative[i] })),
    { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: snapshot.count },
    { metricName: `${name}_sum`, labels: {}, value: snapshot.sum },
    { metricName: `${name}_count`, labels: {}, value: snapshot.count },
  ];
  const collected = { name, help, type: 'histogram', aggregator: 'sum', values };
  const collector = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => collected,
    reset: () => undefined,
  };
  return collector as unknown as Metric;
}
