export * from './notice';
export * from './intake.repository';
export * from './intake.service';
export * from './intake-batcher';
export * from './reports.repository';
export * from './reports.service';
export * from './reports.module';
export * from './reporter-callbacks';
