import { Global, Module } from '@nestjs/common';
import { AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditLog } from './audit-log';
import { AuditReader } from './audit-reader';
import { AuditSequencer } from './audit-sequencer';

@Global()
@Module({
  providers: [AuditLog, AuditEventsRepository, AuditChainVerifier, AuditSequencer, AuditReader],
  exports: [AuditLog, AuditEventsRepository, AuditChainVerifier, AuditSequencer, AuditReader],
})
export class AuditModule {}
