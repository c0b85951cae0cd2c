export * from './principal.entity';
export * from './post.entity';
export * from './case.entity';
export * from './report.entity';
export * from './decision.entity';
export * from './outbox.entity';
export * from './audit-event.entity';
export * from './deadline-policy.entity';
export * from './console.entities';

import { AuditEventEntity } from './audit-event.entity';
import { CaseEntity } from './case.entity';
import { CaseSkipEntity, ConsoleSessionEntity, ExposureEntity, ModeratorPreferencesEntity, ReasonTemplateEntity } from './console.entities';
import { DeadlinePolicyEntity } from './deadline-policy.entity';
import { DecisionEntity } from './decision.entity';
import { OutboxEntity } from './outbox.entity';
import { PostEntity } from './post.entity';
import { PrincipalEntity } from './principal.entity';
import { ReportEntity } from './report.entity';

export const ENTITIES = [PrincipalEntity, PostEntity, CaseEntity, ReportEntity, DecisionEntity, OutboxEntity, AuditEventEntity, DeadlinePolicyEntity,
  ConsoleSessionEntity, CaseSkipEntity, ExposureEntity, ModeratorPreferencesEntity, ReasonTemplateEntity];
