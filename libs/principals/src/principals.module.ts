import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { PrincipalsRepository } from './principals.repository';
import { PrincipalsService } from './principals.service';

@Global()
@Module({
  providers: [PrincipalsRepository, PrincipalsService, ApiKeyGuard],
  exports: [PrincipalsService, PrincipalsRepository, ApiKeyGuard],
})
export class PrincipalsModule {}
