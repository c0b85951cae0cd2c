import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '@docket/common';
import { SECOND_REVIEW_ACTIONS, SECOND_REVIEW_RESOLUTIONS, SECOND_REVIEW_STATES } from '@docket/database';
import { DSA_CATEGORIES } from '@docket/dsa';
import { CaseDetailDto, CaseReportDto, SIGNALS, SnapshotViewDto } from '../review/review.dto';
import { TableQuery } from '../audit/audit.dto';

export class SecondReviewClaimDto {
  @ApiPropertyOptional({ enum: DSA_CATEGORIES, description: 'Only second reviews of this category; any when absent.' })
  @IsOptional() @IsIn(DSA_CATEGORIES)
  category?: string;
}

export class SecondReviewDecisionDto {
  @ApiProperty({ enum: SECOND_REVIEW_ACTIONS, description: 'What the second reviewer would decide; the same action as the first decision is agreement.' })
  @IsIn(SECOND_REVIEW_ACTIONS)
  action: (typeof SECOND_REVIEW_ACTIONS)[number];

  @ApiProperty({ minLength: 1, maxLength: 2000, description: "The second reviewer's reasons (shown to seniors)." })
  @IsString() @Length(1, 2000)
  reason: string;
}

class BlindCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['notice', 'own_initiative'] }) source: string;
  @ApiProperty() reportCount: number;
  @ApiProperty() violent: boolean;
  @ApiProperty({ format: 'date-time' }) firstReportedAt: string;
  @ApiProperty({ type: SnapshotViewDto }) post: SnapshotViewDto;
  @ApiProperty({ type: [CaseReportDto] }) reports: CaseReportDto[];
  @ApiProperty(SIGNALS) signals: Record<string, unknown> | null;
}

export class SecondReviewAssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() category: string;
  @ApiProperty({ format: 'date-time' }) leaseExpiresAt: string;
  @ApiProperty({ type: BlindCaseDto, description: 'The case without its state, decision or notes: the review is blind to the first decision.' }) case: BlindCaseDto;
}

export class SecondReviewOutcomeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['agreed', 'disagreed'] }) status: string;
  @ApiProperty({ enum: SECOND_REVIEW_ACTIONS }) secondAction: string;
  @ApiProperty() agreed: boolean;
  @ApiProperty({ format: 'date-time' }) reviewedAt: string;
}

class PrincipalRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class SecondReviewViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SECOND_REVIEW_STATES }) status: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) decisionId: string;
  @ApiProperty() category: string;
  @ApiProperty({ description: 'The first decision was automated (always sampled).' }) automated: boolean;
  @ApiProperty({ enum: SECOND_REVIEW_ACTIONS }) firstAction: string;
  @ApiProperty({ type: PrincipalRefDto, nullable: true }) firstDecidedBy: PrincipalRefDto | null;
  @ApiProperty({ enum: SECOND_REVIEW_ACTIONS, nullable: true, type: String }) secondAction: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) agreed: boolean | null;
  @ApiProperty({ type: PrincipalRefDto, nullable: true }) reviewedBy: PrincipalRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) reviewedAt: string | null;
  @ApiProperty({ enum: SECOND_REVIEW_RESOLUTIONS, nullable: true, type: String, description: "A senior's verdict on a disagreement; null until resolved." }) resolution: string | null;
  @ApiProperty({ nullable: true, type: String }) resolutionReason: string | null;
  @ApiProperty({ type: PrincipalRefDto, nullable: true }) resolvedBy: PrincipalRefDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt: string | null;
}

export class DisagreementAssignmentDto {
  @ApiProperty({ format: 'uuid', description: 'The second review.' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid', description: 'The first decision.' }) decisionId: string;
  @ApiProperty() category: string;
  @ApiProperty() automated: boolean;
  @ApiProperty({ format: 'date-time' }) leaseExpiresAt: string;
  @ApiProperty({ enum: SECOND_REVIEW_ACTIONS }) firstAction: string;
  @ApiProperty({ type: PrincipalRefDto, nullable: true, description: 'null: an automated decision.' }) firstDecidedBy: PrincipalRefDto | null;
  @ApiProperty({ nullable: true, type: String, description: "The first decision's explanation." }) firstExplanation: string | null;
  @ApiProperty({ enum: SECOND_REVIEW_ACTIONS }) secondAction: string;
  @ApiProperty({ description: "The second reviewer's reasons." }) reason: string;
  @ApiProperty({ type: PrincipalRefDto }) reviewedBy: PrincipalRefDto;
  @ApiProperty({ format: 'date-time' }) reviewedAt: string;
  @ApiProperty({ type: CaseDetailDto, description: 'The whole case: the senior tier is not blind.' }) case: CaseDetailDto;
}

export class DisagreementResolutionDto {
  @ApiProperty({ enum: ['first', 'second'], description: '`first`: the first decision was right; `second`: the second review was.' })
  @IsIn(['first', 'second'])
  upheld: 'first' | 'second';

  @ApiProperty({ minLength: 1, maxLength: 2000, description: "The senior's reasons (in the audit log and the senior list)." })
  @IsString() @Length(1, 2000)
  reason: string;
}

export class DisagreementOutcomeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SECOND_REVIEW_RESOLUTIONS }) resolution: string;
  @ApiProperty({ format: 'date-time' }) resolvedAt: string;
}

export class SecondReviewPageDto {
  @ApiProperty({ type: [SecondReviewViewDto] }) items: SecondReviewViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SecondReviewListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SECOND_REVIEW_STATES, default: 'disagreed', description: '`disagreed`: the senior tier\'s list (newest first); `queued`: the backlog (oldest first).' })
  @IsOptional() @IsIn(SECOND_REVIEW_STATES)
  state: (typeof SECOND_REVIEW_STATES)[number] = 'disagreed';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only resolved (true) or unresolved (false) disagreements; both when absent.' })
  @IsOptional() @IsIn(['true', 'false'])
  resolved?: 'true' | 'false';
}

export class AgreementQuery extends TableQuery {}

class AgreementFiguresDto {
  @ApiProperty({ description: 'Second reviews closed in the period.' }) reviewed: number;
  @ApiProperty() agreed: number;
  @ApiProperty() disagreed: number;
  @ApiProperty({ nullable: true, type: Number, description: 'agreed / reviewed, four decimals.' }) agreementRate: number | null;
  @ApiProperty({ description: 'Disagreements a senior has resolved.' }) resolved: number;
  @ApiProperty({ description: 'Resolved for the first decision.' }) firstUpheld: number;
  @ApiProperty({ description: 'Resolved for the second review: the first decision was wrong.' }) secondUpheld: number;
}

class CategoryAgreementDto extends AgreementFiguresDto {
  @ApiProperty() category: string;
}

class ModeratorAgreementDto extends AgreementFiguresDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The first decider; null for automated decisions.' }) moderatorId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class AuditAgreementDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ type: [CategoryAgreementDto] }) categories: CategoryAgreementDto[];
  @ApiProperty({ type: AgreementFiguresDto }) total: AgreementFiguresDto;
}

export class AgreementDto extends AuditAgreementDto {
  @ApiProperty({ type: [ModeratorAgreementDto] }) moderators: ModeratorAgreementDto[];
}
