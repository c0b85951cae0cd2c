export * from './audit-log';
export * from './audit.module';
export * from './chain';
export * from './audit-events.repository';
export * from './audit-chain.verifier';
export * from './audit-sequencer';
export * from './audit-reader';
