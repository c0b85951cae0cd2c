export * from './entities';
export * from './data-source-options';
export * from './migrate';
export * from './database.module';
export * from './transactions';
