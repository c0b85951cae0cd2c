export * from './appeal-jobs';
export * from './appeal-view';
export * from './appeals.repository';
export * from './appeals.service';
export * from './restore.service';
export * from './appeal-callbacks';
export * from './appeal-alarms';
export * from './appeals.module';
