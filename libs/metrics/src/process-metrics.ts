import { Injectable } from '@nestjs/common';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Label for requests no route matched (404s of unknown paths): raw URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * What only this process can know: its own HTTP request durations and the
 * runtime's default metrics. Each process reports its own; Prometheus sums
 * them across instances. A registry per instance (not prom-client's global one),
 * so two apps in one process (tests) never share series.
 */
@Injectable()
export class ProcessMetrics {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'docket_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code (this process only).',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** `route` must be the route's URL pattern (e.g. `/v1/cases/:id`) or UNMATCHED_ROUTE, never the raw URL. */
  observeHttp(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route: route || UNMATCHED_ROUTE, status_code: String(statusCode) }, Math.max(0, seconds));
  }
}
