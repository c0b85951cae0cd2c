export * from './deadline-policy';
export * from './deadline-policy.repository';
export * from './deadlines.module';
