export * from './case-view';
export * from './review.repository';
export * from './review.service';
export * from './decision.service';
export * from './review.module';
export * from './deadline-alarms.service';
export * from './reason-templates.repository';
export * from './reason-templates.service';
