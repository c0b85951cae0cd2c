import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import { ConsoleSessionsService } from './console-sessions.service';
import { PrincipalCache } from './principal-cache';
import { PrincipalsRepository } from './principals.repository';
import { PrincipalsService } from './principals.service';

@Global()
@Module({
  providers: [PrincipalsRepository, PrincipalsService, PrincipalCache, ApiKeyGuard, ConsoleSessionsRepository, ConsoleSessionsService],
  exports: [PrincipalsService, PrincipalsRepository, ApiKeyGuard, ConsoleSessionsService],
})
export class PrincipalsModule {}
