export * from './enforcement.repository';
export * from './enforcement.service';
export * from './enforcement.module';
