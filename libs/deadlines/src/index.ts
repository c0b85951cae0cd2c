export * from './deadline-policy';
export * from './deadline-policy.repository';
export * from './deadline-policy-versions';
export * from './deadline-policy.service';
export * from './deadlines.module';
export * from './deadline-timers';
