export * from './signature';
export * from './webhook-sender';
export * from './webhooks.module';
