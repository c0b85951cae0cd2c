import { Global, Module } from '@nestjs/common';
import { DeadlinePolicyRepository } from './deadline-policy.repository';
import { DeadlinePolicyService } from './deadline-policy.service';
import { DeadlineTimers } from './deadline-timers';

@Global()
@Module({
  providers: [DeadlinePolicyRepository, DeadlinePolicyService, DeadlineTimers],
  exports: [DeadlinePolicyRepository, DeadlinePolicyService, DeadlineTimers],
})
export class DeadlinesModule {}
