import { Global, Module } from '@nestjs/common';
import { DeadlinePolicyRepository } from './deadline-policy.repository';

@Global()
@Module({ providers: [DeadlinePolicyRepository], exports: [DeadlinePolicyRepository] })
export class DeadlinesModule {}
