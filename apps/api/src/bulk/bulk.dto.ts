import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, ValidateIf, ValidateNested } from 'class-validator';
import { IsTimestamp } from '@docket/common';
import { BULK_ACTIONS, DECISION_GROUNDS } from '@docket/database';
import { DSA_CATEGORIES } from '@docket/dsa';

const BULK_MAX = 1000;
const EXCLUSIONS = ['not_found', 'not_yet_triaged', 'leased_by_someone_else', 'already_decided', 'already_closed', 'different_fingerprint'];

export class BulkSelectionDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: BULK_MAX, description: 'Explicit cases (1 to 1 000). With `fingerprintOfCase`, those with another fingerprint are excluded.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(BULK_MAX, { message: `must name at most ${BULK_MAX} cases` }) @IsUUID(undefined, { each: true, message: 'must be case ids (UUIDs)' })
  caseIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: "Every queued case whose post has this case's fingerprint (the same text), at most 1 000." })
  @IsOptional() @IsUUID(undefined, { message: 'must be a case id (a UUID)' })
  fingerprintOfCase?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The cases of this reporter's notices received in [from, to), at most 1 000." })
  @IsOptional() @IsUUID(undefined, { message: 'must be a principal id (a UUID)' })
  reporterId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'With reporterId.' })
  @ValidateIf((s: BulkSelectionDto) => s.reporterId !== undefined || s.from !== undefined) @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'With reporterId.' })
  @ValidateIf((s: BulkSelectionDto) => s.reporterId !== undefined || s.to !== undefined) @IsTimestamp()
  to?: string;

  @ApiPropertyOptional({ enum: DSA_CATEGORIES, description: "With reporterId: only notices of this category." })
  @IsOptional() @IsIn(DSA_CATEGORIES)
  category?: string;
}

export class BulkDecisionInputDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action: (typeof BULK_ACTIONS)[number];

  @ApiPropertyOptional({ enum: DSA_CATEGORIES, description: "For `remove`: the DSA category the removals are decided under; each case's when absent." })
  @IsOptional() @IsIn(DSA_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: DECISION_GROUNDS, description: 'Required for `remove`.' })
  @ValidateIf((d: BulkDecisionInputDto) => d.action === 'remove' || d.ground !== undefined)
  @IsIn(DECISION_GROUNDS, { message: 'is required for remove: illegal_content or incompatible_content' })
  ground?: (typeof DECISION_GROUNDS)[number];

  @ApiPropertyOptional({ maxLength: 500, description: 'The law the content breaks; required for ground illegal_content.' })
  @ValidateIf((d: BulkDecisionInputDto) => (d.action === 'remove' && d.ground === 'illegal_content') || d.legalGround !== undefined)
  @IsString({ message: 'is required for ground illegal_content: the law the content breaks' }) @Length(1, 500)
  legalGround?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'The terms clause; required for ground incompatible_content.' })
  @ValidateIf((d: BulkDecisionInputDto) => (d.action === 'remove' && d.ground === 'incompatible_content') || d.policy !== undefined)
  @IsString({ message: 'is required for ground incompatible_content: the terms clause' }) @Length(1, 500)
  policy?: string;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'The statement of reasons given for every case.' })
  @IsString() @Length(1, 2000)
  explanation: string;
}

export class BulkPreviewRequestDto {
  @ApiProperty({ type: BulkSelectionDto, description: 'One way of selecting: `caseIds` (optionally with `fingerprintOfCase`), `fingerprintOfCase`, or `reporterId` with `from`, `to` and optionally `category`.' })
  @IsObject() @ValidateNested() @Type(() => BulkSelectionDto)
  selection: BulkSelectionDto;

  @ApiProperty({ type: BulkDecisionInputDto })
  @IsObject() @ValidateNested() @Type(() => BulkDecisionInputDto)
  decision: BulkDecisionInputDto;
}

export class BulkApplyDto {
  @ApiProperty({ minLength: 1, maxLength: 128, description: "The preview's token: only its maker may apply it, once, before it expires (BULK_PREVIEW_SECONDS)." })
  @IsString() @Length(1, 128)
  token: string;
}

class BulkSampleDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() postId: string;
  @ApiProperty({ nullable: true, type: String, description: "The post's first 280 characters." }) postText: string | null;
  @ApiProperty() category: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
}

class BulkExclusionDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: EXCLUSIONS }) why: string;
}

export class BulkPreviewDto {
  @ApiProperty({ description: 'Apply with POST /v1/bulk-decisions.' }) token: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'Cases the decision would apply to.' }) eligible: number;
  @ApiProperty({ type: [BulkSampleDto], description: 'The first 20 eligible cases.' }) sample: BulkSampleDto[];
  @ApiProperty({ type: [BulkExclusionDto] }) excluded: BulkExclusionDto[];
}

class BulkDecisionFieldsDto {
  @ApiProperty({ enum: BULK_ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String }) ground: string | null;
  @ApiProperty({ nullable: true, type: String }) legalGround: string | null;
  @ApiProperty({ nullable: true, type: String }) policy: string | null;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty() explanation: string;
}

export class BulkViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['previewed', 'applying', 'pending', 'done', 'cancelled'], description: '`pending`: decided, removal orders held until cancellableUntil.' }) status: string;
  @ApiProperty({ enum: BULK_ACTIONS }) action: string;
  @ApiProperty({ type: BulkDecisionFieldsDto }) decision: BulkDecisionFieldsDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) selection: Record<string, unknown>;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Cases eligible at preview.' }) eligible: number;
  @ApiProperty({ description: 'Cases decided (including any cancelled since).' }) decided: number;
  @ApiProperty({ description: 'Cases no longer eligible when applied.' }) skipped: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ description: 'Decided removals awaiting the platform.' }) removing: number;
  @ApiProperty() removed: number;
  @ApiProperty({ description: 'Removals that ran out of attempts (removal_failed).' }) failed: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) appliedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Removals only: until then the bulk can be cancelled and no order is sent.' }) cancellableUntil: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt: string | null;
}
