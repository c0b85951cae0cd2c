import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, ValidateIf, IsOptional } from 'class-validator';
import { APPEAL_OUTCOMES, APPEAL_STATES, APPELLANTS, DECISION_GROUNDS } from '@docket/database';
import { PageQuery } from '@docket/common';
import { DSA_CATEGORIES } from '@docket/dsa';
import { CaseDetailDto, DecisionViewDto } from '../review/review.dto';

const APPEAL_STATUSES = ['received', 'queued', 'in_review', 'upheld', 'overturned', 'restoring', 'restored', 'restore_failed'];

export class AppealDto {
  @ApiProperty({ format: 'uuid', description: 'The contested decision.' })
  @IsUUID(undefined, { message: 'must be a decision id (a UUID)' })
  decisionId: string;

  @ApiProperty({ enum: APPELLANTS, description: '`author`: filed by the platform for the removed post\'s author; `notifier`: filed by the reporter against the decision on its notice.' })
  @IsIn(APPELLANTS)
  appellant: (typeof APPELLANTS)[number];

  @ApiProperty({ minLength: 1, maxLength: 5000, description: "The appellant's statement." })
  @IsString() @Length(1, 5000)
  statement: string;

  @ApiPropertyOptional({ maxLength: 256, description: "The filer's own reference." })
  @IsOptional() @IsString() @Length(1, 256)
  externalRef?: string;
}

export class AppealDecisionDto {
  @ApiProperty({ enum: APPEAL_OUTCOMES, description: '`uphold`: the decision stands; `overturn`: a new decision replaces it (a removal is restored, a "no violation" is removed).' })
  @IsIn(APPEAL_OUTCOMES)
  outcome: (typeof APPEAL_OUTCOMES)[number];

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'The reasons, sent to the appellant (and the statement of the overturning decision).' })
  @IsString() @Length(1, 2000)
  reason: string;

  @ApiPropertyOptional({ enum: DSA_CATEGORIES, description: 'Overturning a "no violation": the category the removal is decided under; the appeal\'s when absent.' })
  @IsOptional() @IsIn(DSA_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: DECISION_GROUNDS, description: 'Required to overturn a "no violation".' })
  @IsOptional() @IsIn(DECISION_GROUNDS)
  ground?: (typeof DECISION_GROUNDS)[number];

  @ApiPropertyOptional({ maxLength: 500, description: 'Overturning a "no violation" on ground illegal_content: the law the content breaks.' })
  @ValidateIf((d: AppealDecisionDto) => (d.outcome === 'overturn' && d.ground === 'illegal_content') || d.legalGround !== undefined)
  @IsString({ message: 'is required for ground illegal_content: the law the content breaks' }) @Length(1, 500, { message: 'must name the law the content breaks (1 to 500 characters)' })
  legalGround?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Overturning a "no violation" on ground incompatible_content: the terms clause.' })
  @ValidateIf((d: AppealDecisionDto) => (d.outcome === 'overturn' && d.ground === 'incompatible_content') || d.policy !== undefined)
  @IsString({ message: 'is required for ground incompatible_content: the terms clause' }) @Length(1, 500, { message: 'must name the terms clause (1 to 500 characters)' })
  policy?: string;
}

export class AppealReceiptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) decisionId: string;
  @ApiProperty({ enum: ['received'] }) status: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the appeal is to be decided by (the policy\'s appeal window).' }) dueAt: string;
}

export class AppealViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) decisionId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: APPELLANTS }) appellant: string;
  @ApiProperty({ enum: APPEAL_STATUSES }) status: string;
  @ApiProperty() statement: string;
  @ApiProperty({ nullable: true, type: String }) externalRef: string | null;
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['standard', 'senior'] }) tier: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() breached: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) leaseExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, enum: APPEAL_OUTCOMES, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The decision an overturn recorded beside the contested one.' }) newDecisionId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: "The platform's confirmation of the restore order, never the decision time." }) restoredAt: string | null;
}

export class AppealDetailDto extends AppealViewDto {
  @ApiProperty({ description: 'The caller holds the live lease: the outcome is theirs to give.' }) heldByYou: boolean;
  @ApiProperty({ type: DecisionViewDto, description: 'The contested decision: its statement of reasons (ground, law or clause, explanation).' }) contestedDecision: DecisionViewDto;
  @ApiProperty({ type: CaseDetailDto, description: "The contested decision's case: the post and the original reports (kinds, never identities)." }) case: CaseDetailDto;
}

export class RestoreRetryDto {
  @ApiProperty({ format: 'uuid' }) appealId: string;
  @ApiProperty({ format: 'uuid', description: 'The overturning decision whose restore order is sent again.' }) decisionId: string;
}

export class AppealListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPEAL_STATES, default: 'queued', description: 'Stored state: `queued` (waiting or in review), `restore_failed` (a senior retries), …' })
  @IsOptional() @IsIn(APPEAL_STATES)
  state: (typeof APPEAL_STATES)[number] = 'queued';
}

export class AppealPageDto {
  @ApiProperty({ type: [AppealViewDto] }) items: AppealViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

class AppealTierFiguresDto {
  @ApiProperty({ enum: ['standard', 'senior'] }) tier: string;
  @ApiProperty({ description: 'Undecided (claimable or in review).' }) queued: number;
  @ApiProperty() inReview: number;
  @ApiProperty() pastDeadline: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The earliest deadline of a claimable appeal.' }) nextDueAt: string | null;
}

export class AppealsOverviewDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [AppealTierFiguresDto] }) tiers: AppealTierFiguresDto[];
}
