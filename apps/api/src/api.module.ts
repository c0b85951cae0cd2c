import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '@docket/audit';
import { CommonModule } from '@docket/common';
import { ConfigModule } from '@docket/config';
import { DatabaseModule } from '@docket/database';
import { ApiKeyGuard, PrincipalsModule } from '@docket/principals';
import { QueueModule } from '@docket/queue';
import { DeadlinesModule } from '@docket/deadlines';
import { RateLimitGuard } from '@docket/ratelimit';
import { ReportsModule } from '@docket/reports';
import { WebhooksModule } from '@docket/webhooks';
import { PrincipalsController } from './admin/principals.controller';
import { ReportsController } from './reports/reports.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { LoggingModule } from './http/logging.module';

@Module({
  imports: [ConfigModule, LoggingModule, CommonModule, DatabaseModule, AuditModule, QueueModule, PrincipalsModule, WebhooksModule, DeadlinesModule, ReportsModule],
  controllers: [HealthController, PrincipalsController, ReportsController],
  providers: [HealthService, RateLimitGuard, { provide: APP_GUARD, useExisting: ApiKeyGuard }],
})
export class ApiModule {}
