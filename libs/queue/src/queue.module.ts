import { Global, Module } from '@nestjs/common';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { QueueRegistry } from './queue-registry';

@Global()
@Module({ providers: [Outbox, QueueRegistry], exports: [Outbox, QueueRegistry] })
export class QueueModule {}

/** The outbox relay, for the worker: imported by every module that needs it, it is one relay per process. */
@Module({ providers: [OutboxRelay], exports: [OutboxRelay] })
export class OutboxRelayModule {}
