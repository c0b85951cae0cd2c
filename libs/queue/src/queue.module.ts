import { Global, Module } from '@nestjs/common';
import { Outbox } from './outbox';
import { QueueRegistry } from './queue-registry';

@Global()
@Module({ providers: [Outbox, QueueRegistry], exports: [Outbox, QueueRegistry] })
export class QueueModule {}
