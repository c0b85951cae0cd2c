export * from './queues';
export * from './redis';
export * from './outbox';
export * from './queue-registry';
export * from './outbox-relay';
export * from './job-handler';
export * from './workers';
export * from './queue.module';
