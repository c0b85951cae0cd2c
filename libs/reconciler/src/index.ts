export * from './reconciler.service';
export * from './reconciler.module';
export * from './reconciler.metrics';
