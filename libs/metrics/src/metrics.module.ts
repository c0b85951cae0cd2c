import { Module } from '@nestjs/common';
import { JobCountsRepository } from './job-counts.repository';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { ProcessMetrics } from './process-metrics';

/** Needs the global DatabaseModule, QueueModule and CommonModule. */
@Module({
  providers: [MetricsRepository, JobCountsRepository, MetricsService, ProcessMetrics],
  exports: [MetricsService, ProcessMetrics],
})
export class MetricsModule {}
