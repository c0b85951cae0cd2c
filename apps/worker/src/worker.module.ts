import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule } from '@docket/alerts';
import { AppealsWorkerModule } from '@docket/appeals';
import { AuditModule } from '@docket/audit';
import { CommonModule } from '@docket/common';
import { AppConfig, ConfigModule } from '@docket/config';
import { DatabaseModule } from '@docket/database';
import { DeadlinesModule } from '@docket/deadlines';
import { EnforcementModule } from '@docket/enforcement';
import { MetricsModule } from '@docket/metrics';
import { JOB_HANDLERS, OutboxRelayModule, QueueModule, Workers } from '@docket/queue';
import { ReconcilerModule } from '@docket/reconciler';
import { ReportsModule } from '@docket/reports';
import { ReviewModule } from '@docket/review';
import { CapacityModule } from '@docket/staffing';
import { TriageModule } from '@docket/triage';
import { WebhooksModule } from '@docket/webhooks';
import { AlertProcessor } from './processors/alert.processor';
import { AppealCallbackProcessor, RestoreProcessor } from './processors/appeal.processors';
import { DeadlineBreachProcessor, DeadlineWarningProcessor } from './processors/deadline.processors';
import { EnforcementProcessor } from './processors/enforcement.processor';
import { NotifyProcessor, ReporterWarningProcessor } from './processors/notify.processor';
import { ScanProcessor } from './processors/scan.processor';
import { TriageProcessor } from './processors/triage.processor';

/** Every job handler the worker runs; startup fails if a job name has two. */
const HANDLERS: Function[] = [
  TriageProcessor, EnforcementProcessor, DeadlineWarningProcessor, DeadlineBreachProcessor, NotifyProcessor, AlertProcessor, ScanProcessor,
  RestoreProcessor, AppealCallbackProcessor, ReporterWarningProcessor,
];

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
    CommonModule,
    DatabaseModule,
    AuditModule,
    QueueModule,
    WebhooksModule,
    AlertsModule,
    DeadlinesModule,
    ReportsModule,
    TriageModule,
    EnforcementModule,
    ReviewModule,
    // Its own GET /metrics on METRICS_HOST:METRICS_PORT (the same figures as the API's, plus this process's own).
    MetricsModule,
    OutboxRelayModule,
    // Re-creates from PostgreSQL what Redis forgot: timers, triage, removals (one worker at a time).
    ReconcilerModule,
    // Projects the queue's next hours every minute and raises the capacity alarm (one worker at a time).
    CapacityModule,
    // Restore orders, appeal callbacks, and the appeal deadline alarms.
    AppealsWorkerModule,
  ],
  providers: [
    Workers,
    ...(HANDLERS as never[]),
    { provide: JOB_HANDLERS, inject: HANDLERS as never[], useFactory: (...handlers: unknown[]) => handlers },
  ],
})
export class WorkerModule {}
