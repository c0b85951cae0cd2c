export * from './bulk.repository';
export * from './bulk.service';
export * from './bulk.module';
