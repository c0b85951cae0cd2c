import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import { ConsoleSessionsService } from './console-sessions.service';
import { PrincipalCache } from './principal-cache';
import { PrincipalsRepository } from './principals.repository';
import { PrincipalsService } from './principals.service';
import { ReporterStandingService } from './reporter-standing.service';
import { PrincipalRoutingRepository, PrincipalRoutingService } from './principal-routing.service';

@Global()
@Module({
  providers: [PrincipalsRepository, PrincipalsService, PrincipalCache, ApiKeyGuard, ConsoleSessionsRepository, ConsoleSessionsService, ReporterStandingService,
    PrincipalRoutingRepository, PrincipalRoutingService],
  exports: [PrincipalRoutingService, PrincipalsService, ReporterStandingService, PrincipalsRepository, ApiKeyGuard, ConsoleSessionsService],
})
export class PrincipalsModule {}
