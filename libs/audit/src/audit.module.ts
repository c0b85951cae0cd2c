import { Global, Module } from '@nestjs/common';
import { AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditLog } from './audit-log';

@Global()
@Module({ providers: [AuditLog, AuditEventsRepository, AuditChainVerifier], exports: [AuditLog, AuditEventsRepository, AuditChainVerifier] })
export class AuditModule {}
