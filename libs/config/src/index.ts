export * from './environment';
export * from './config.service';
export * from './config.module';
