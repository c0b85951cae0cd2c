export * from './notice';
export * from './intake.repository';
export * from './intake.service';
export * from './intake-batcher';
export * from './reports.repository';
export * from './reports.service';
export * from './reporter-callbacks';
export * from './reports.module';
