import { Module } from '@nestjs/common';
import { JobCountsRepository } from './job-counts.repository';
import { MetricsListener } from './metrics-listener';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { ProcessMetrics } from './process-metrics';

/**
 * /metrics on a listener of its own (MetricsListener, METRICS_HOST:METRICS_PORT), in every process that imports
 * this: the API and the worker. Needs the global ConfigModule, DatabaseModule, QueueModule and CommonModule.
 */
@Module({
  providers: [MetricsRepository, JobCountsRepository, MetricsService, ProcessMetrics, MetricsListener],
  exports: [MetricsService, ProcessMetrics, MetricsListener],
})
export class MetricsModule {}
