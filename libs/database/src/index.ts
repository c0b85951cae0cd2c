export * from './schema-values';
export * from './data-source-options';
export * from './migrate';
export * from './database.module';
export * from './transactions';
export * from './plan-stable';
