export * from './rate-limit.guard';
export * from './leased-budget';
