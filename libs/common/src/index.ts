export * from './api-error';
export * from './error-body';
export * from './validation';
export * from './clock';
export * from './ids';
export * from './pagination';
export * from './common.module';
export * from './timestamp';
