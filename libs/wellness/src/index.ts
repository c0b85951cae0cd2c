export * from './violent-case';
export * from './exposure.repository';
export * from './preferences.repository';
export * from './wellness.service';
export * from './wellness.module';
