import { Global, Module } from '@nestjs/common';
import { DeadlinePolicyRepository } from './deadline-policy.repository';
import { DeadlinePolicyVersions } from './deadline-policy-versions';
import { DeadlinePolicyService } from './deadline-policy.service';
import { DeadlineTimers } from './deadline-timers';

@Global()
@Module({
  providers: [DeadlinePolicyRepository, DeadlinePolicyService, DeadlinePolicyVersions, DeadlineTimers],
  exports: [DeadlinePolicyRepository, DeadlinePolicyService, DeadlinePolicyVersions, DeadlineTimers],
})
export class DeadlinesModule {}
