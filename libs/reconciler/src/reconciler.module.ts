import { Module } from '@nestjs/common';
import { AlertsModule } from '@docket/alerts';
import { BulkModule } from '@docket/bulk';
import { MetricsModule } from '@docket/metrics';
import { OutboxRelayModule } from '@docket/queue';
import { ReviewModule } from '@docket/review';
import { InFlightJobs } from './in-flight-jobs';
import { ReconcilerMetrics } from './reconciler.metrics';
import { ReconcilerRepository } from './reconciler.repository';
import { Reconciler } from './reconciler.service';

/** The worker's reconciler; needs the global database, queue and audit modules. */
@Module({
  imports: [AlertsModule, BulkModule, MetricsModule, OutboxRelayModule, ReviewModule],
  providers: [ReconcilerRepository, InFlightJobs, ReconcilerMetrics, Reconciler],
  exports: [Reconciler],
})
export class ReconcilerModule {}
