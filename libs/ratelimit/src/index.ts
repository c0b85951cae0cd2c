export * from './rate-limit.guard';
export * from './leased-budget';
export * from './local-budget';
export * from './auth-failure-budget';
