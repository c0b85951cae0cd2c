export * from './rate-limit.guard';
export * from './leased-budget';
export * from './local-budget';
export * from './shared-budget';
export * from './auth-failure-budget';
