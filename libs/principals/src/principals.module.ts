import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { PrincipalCache } from './principal-cache';
import { PrincipalsRepository } from './principals.repository';
import { PrincipalsService } from './principals.service';

@Global()
@Module({
  providers: [PrincipalsRepository, PrincipalsService, PrincipalCache, ApiKeyGuard],
  exports: [PrincipalsService, PrincipalsRepository, ApiKeyGuard],
})
export class PrincipalsModule {}
