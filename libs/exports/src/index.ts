export * from './audit-exports.service';
export * from './case-export';
export * from './csv';
export * from './exports.module';
export * from './period';
export * from './response-times.repository';
export * from './statement-of-reasons';
export * from './transparency.repository';
