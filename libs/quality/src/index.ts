export * from './quality.repository';
export * from './quality.service';
export * from './quality.module';
