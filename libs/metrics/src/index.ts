export * from './process-metrics';
export * from './fixed-histogram';
export * from './metrics.repository';
export * from './job-counts.repository';
export * from './metrics.service';
export * from './metrics.module';
export * from './metrics-listener';
export * from './worker-metrics-port';
