import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AlertsModule } from '@docket/alerts';
import { AuditModule } from '@docket/audit';
import { CommonModule } from '@docket/common';
import { ConfigModule } from '@docket/config';
import { DatabaseModule } from '@docket/database';
import { MetricsModule } from '@docket/metrics';
import { ApiKeyGuard, PrincipalsModule } from '@docket/principals';
import { QueueModule } from '@docket/queue';
import { DeadlinesModule } from '@docket/deadlines';
import { AuthFailuresModule, RateLimitGuard } from '@docket/ratelimit';
import { EnforcementModule } from '@docket/enforcement';
import { ExportsModule } from '@docket/exports';
import { ReportsModule } from '@docket/reports';
import { ReviewModule } from '@docket/review';
import { TriageModule } from '@docket/triage';
import { WebhooksModule } from '@docket/webhooks';
import { DeadlinePolicyController } from './admin/deadline-policy.controller';
import { AuditController } from './audit/audit.controller';
import { PrincipalsController } from './admin/principals.controller';
import { PrincipalRoutingController } from './admin/principal-routing.controller';
import { PostsController } from './posts/posts.controller';
import { CasesController } from './review/cases.controller';
import { QueueController } from './review/queue.controller';
import { ReportsController } from './reports/reports.controller';
import { AppealsModule } from '@docket/appeals';
import { AppealsController } from './appeals/appeals.controller';
import { BulkModule } from '@docket/bulk';
import { BulkDecisionsController } from './bulk/bulk.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { LoggingModule } from './http/logging.module';
import { MeController } from './me/me.controller';
import { EnforcementFailuresController } from './review/enforcement-failures.controller';
import { ReasonTemplatesController } from './review/reason-templates.controller';
import { SessionController } from './session/session.controller';
import { WellnessModule } from '@docket/wellness';
import { StaffingModule } from '@docket/staffing';
import { StaffingController } from './audit/staffing.controller';
import { CapacityController } from './capacity/capacity.controller';
import { QualityModule } from '@docket/quality';
import { AuditAgreementController, QualityController, SecondReviewsController } from './quality/quality.controller';

@Module({
  imports: [ConfigModule, LoggingModule, CommonModule, DatabaseModule, AuditModule, QueueModule, PrincipalsModule, AuthFailuresModule, WebhooksModule, AlertsModule, DeadlinesModule, ReportsModule, TriageModule, EnforcementModule, ReviewModule, MetricsModule, ExportsModule, WellnessModule, StaffingModule, AppealsModule, QualityModule, BulkModule],
  controllers: [
    HealthController, PrincipalsController, PrincipalRoutingController, DeadlinePolicyController, ReportsController, QueueController, CasesController, PostsController, AuditController,
    SessionController, MeController, ReasonTemplatesController, EnforcementFailuresController, AppealsController, BulkDecisionsController,
    StaffingController, CapacityController, SecondReviewsController, QualityController, AuditAgreementController,
  ],
  providers: [HealthService, RateLimitGuard, { provide: APP_GUARD, useExisting: ApiKeyGuard }],
})
export class ApiModule {}
