export * from './classifier';
export * from './case-signals';
export * from './triage.repository';
export * from './triage.service';
export * from './triage-batcher';
export * from './post-scan.service';
export * from './triage.module';
