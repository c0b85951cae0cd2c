export * from './alerts';
export * from './alerts.module';
