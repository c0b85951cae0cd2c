export * from './api-keys';
export * from './principal';
export * from './principals.repository';
export * from './principals.service';
export * from './principal-cache';
export * from './auth.decorators';
export * from './api-key.guard';
export * from './principals.module';
