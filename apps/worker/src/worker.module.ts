import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule } from '@docket/alerts';
import { AuditModule } from '@docket/audit';
import { CommonModule } from '@docket/common';
import { AppConfig, ConfigModule } from '@docket/config';
import { DatabaseModule } from '@docket/database';
import { DeadlinesModule } from '@docket/deadlines';
import { EnforcementModule } from '@docket/enforcement';
import { JOB_HANDLERS, OutboxRelay, QueueModule, Workers } from '@docket/queue';
import { ReportsModule } from '@docket/reports';
import { ReviewModule } from '@docket/review';
import { TriageModule } from '@docket/triage';
import { WebhooksModule } from '@docket/webhooks';
import { AlertProcessor } from './processors/alert.processor';
import { DeadlineBreachProcessor, DeadlineWarningProcessor } from './processors/deadline.processors';
import { EnforcementProcessor } from './processors/enforcement.processor';
import { NotifyProcessor } from './processors/notify.processor';
import { TriageProcessor } from './processors/triage.processor';

/** Every job handler the worker runs; startup fails if a job name has two. */
const HANDLERS: Function[] = [
  TriageProcessor, EnforcementProcessor, DeadlineWarningProcessor, DeadlineBreachProcessor, NotifyProcessor, AlertProcessor,
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
  ],
  providers: [
    OutboxRelay,
    Workers,
    ...(HANDLERS as never[]),
    { provide: JOB_HANDLERS, inject: HANDLERS as never[], useFactory: (...handlers: unknown[]) => handlers },
  ],
})
export class WorkerModule {}
