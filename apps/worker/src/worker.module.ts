import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@docket/audit';
import { CommonModule } from '@docket/common';
import { AppConfig, ConfigModule } from '@docket/config';
import { DatabaseModule } from '@docket/database';
import { DeadlinesModule } from '@docket/deadlines';
import { JOB_HANDLERS, OutboxRelay, QueueModule, Workers } from '@docket/queue';
import { ReportsModule } from '@docket/reports';
import { TriageModule } from '@docket/triage';
import { WebhooksModule } from '@docket/webhooks';
import { NotifyProcessor } from './processors/notify.processor';
import { TriageProcessor } from './processors/triage.processor';

/** Every job handler the worker runs; startup fails if a job name has two. */
const HANDLERS: Function[] = [TriageProcessor, NotifyProcessor];

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
    DeadlinesModule,
    ReportsModule,
    TriageModule,
  ],
  providers: [
    OutboxRelay,
    Workers,
    ...(HANDLERS as never[]),
    { provide: JOB_HANDLERS, inject: HANDLERS as never[], useFactory: (...handlers: unknown[]) => handlers },
  ],
})
export class WorkerModule {}
