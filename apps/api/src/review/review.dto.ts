import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, ValidateBy, ValidateIf } from 'class-validator';
import { PageQuery } from '@docket/common';
import { DSA_CATEGORIES } from '@docket/dsa';
import { DECISION_ACTIONS, DECISION_GROUNDS, ROLES, TIERS, Tier } from '@docket/database';
import { REPORT_STATUSES } from '../reports/report.dto';

export class QueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TIERS, default: 'standard', description: '`senior` is for role senior.' })
  @IsOptional() @IsIn(TIERS)
  tier: Tier = 'standard';
}

export class ClaimDto {
  @ApiPropertyOptional({ enum: TIERS, description: 'Defaults to `senior` for role senior, `standard` for everyone else.' })
  @IsOptional() @IsIn(TIERS)
  tier?: Tier;
}

export class DecisionDto {
  @ApiProperty({ enum: DECISION_ACTIONS })
  @IsIn(DECISION_ACTIONS)
  action: (typeof DECISION_ACTIONS)[number];

  @ApiPropertyOptional({ enum: DSA_CATEGORIES, description: "For `remove`: the DSA category the removal is decided under (its statement of reasons says it); the case's category when absent." })
  @IsOptional() @IsIn(DSA_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: DECISION_GROUNDS, description: 'Required for `remove`.' })
  @ValidateIf((d: DecisionDto) => d.action === 'remove' || d.ground !== undefined)
  @IsIn(DECISION_GROUNDS, { message: 'is required for remove: illegal_content or incompatible_content' })
  ground?: (typeof DECISION_GROUNDS)[number];

  @ApiPropertyOptional({ maxLength: 500, description: 'The law the content breaks; required for ground illegal_content.', example: 'StGB §111' })
  @ValidateIf((d: DecisionDto) => (d.action === 'remove' && d.ground === 'illegal_content') || d.legalGround !== undefined)
  @IsString({ message: 'is required for ground illegal_content: the law the content breaks' }) @Length(1, 500, { message: 'must name the law the content breaks (1 to 500 characters)' })
  legalGround?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'The terms clause; required for ground incompatible_content.', example: 'Community rules §3 (violence)' })
  @ValidateIf((d: DecisionDto) => (d.action === 'remove' && d.ground === 'incompatible_content') || d.policy !== undefined)
  @IsString({ message: 'is required for ground incompatible_content: the terms clause' }) @Length(1, 500, { message: 'must name the terms clause (1 to 500 characters)' })
  policy?: string;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'The statement of reasons given to the parties.' })
  @IsString() @Length(1, 2000)
  explanation: string;

  @ApiPropertyOptional({ description: 'Only with `no_violation`: the notice was manifestly unfounded (DSA Art. 23); counts in the notifier\'s reliability figures.' })
  @IsOptional() @IsBoolean()
  @ValidateBy({ name: 'onlyForNoViolation', validator: { validate: (_v, args) => (args?.object as DecisionDto).action === 'no_violation', defaultMessage: () => 'is only for action no_violation' } })
  manifestlyUnfounded?: boolean;
}

export class SnapshotViewDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String }) authorId: string | null;
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ type: [String] }) mediaUrls: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) postedAt: string | null;
}

export class CaseReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['hosting_provider', 'trusted_flagger', 'authority', 'user'], description: 'Who filed it is not shown, only their kind.' }) reporterKind: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
}

export class DecisionViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DECISION_ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String, description: "The DSA category a removal was decided under; null: the case's." }) category: string | null;
  @ApiProperty({ enum: DECISION_GROUNDS, nullable: true }) ground: string | null;
  @ApiProperty({ nullable: true, type: String }) legalGround: string | null;
  @ApiProperty({ nullable: true, type: String }) policy: string | null;
  @ApiProperty() explanation: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
  @ApiProperty() automatedDetection: boolean;
  @ApiProperty() automatedDecision: boolean;
  @ApiProperty({ description: 'A no_violation the moderator marked manifestly unfounded (DSA Art. 23): it counts against the notifier.' }) manifestlyUnfounded: boolean;
}

export const SIGNALS = {
  type: 'object', nullable: true, additionalProperties: true,
  description: 'Triage output: `flags` (e.g. incitement, matches_removed), `matches` [{flag, language, term}], `classifier`, `fingerprint`, `matchesRemovedPosts`.',
} as const;

export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_STATUSES }) state: string;
  @ApiProperty({ enum: TIERS }) tier: string;
  @ApiProperty({ description: '1 is most urgent; for display: the order is the claim order.' }) priority: number;
  @ApiProperty() category: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() breached: boolean;
  @ApiProperty() reportCount: number;
  @ApiProperty() postId: string;
  @ApiProperty({ enum: ['notice', 'own_initiative'] }) source: string;
  @ApiProperty({ type: [String] }) flags: string[];
  @ApiProperty({ description: 'Flagged as incitement or reported as violence: blurred in the console, counted against exposure limits.' }) violent: boolean;
  @ApiProperty({ format: 'date-time' }) firstReportedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) queuedAt: string | null;
}

export class CaseQueueDto {
  @ApiProperty({ type: [CaseSummaryDto], description: 'Claim order: earliest deadline, then most reports, then oldest.' }) items: CaseSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CaseNoteDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ nullable: true, type: String, description: "The author's name now." }) authorName: string | null;
  @ApiProperty({ enum: ROLES }) authorRole: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CaseNoteInputDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'Internal: shown to moderators and seniors in the case detail and kept in the audit log; never to reporters.' })
  @IsString() @Length(1, 4000)
  text: string;
}

export class CaseDetailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_STATUSES }) state: string;
  @ApiProperty({ enum: TIERS }) tier: string;
  @ApiProperty() priority: number;
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['notice', 'own_initiative'] }) source: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() breached: boolean;
  @ApiProperty() reportCount: number;
  @ApiProperty({ description: 'Flagged as incitement or reported as violence: blurred in the console, counted against exposure limits.' }) violent: boolean;
  @ApiProperty({ type: SnapshotViewDto }) post: SnapshotViewDto;
  @ApiProperty({ type: [CaseReportDto] }) reports: CaseReportDto[];
  @ApiProperty(SIGNALS) signals: Record<string, unknown> | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Holder of the live lease.' }) claimedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) leaseExpiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) firstReportedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) queuedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) firstClaimedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: "The platform's confirmation." }) removedAt: string | null;
  @ApiProperty({ description: "Removal decided, the platform's confirmation not yet in (state removing)." }) awaitingEnforcement: boolean;
  @ApiProperty({ type: DecisionViewDto, nullable: true }) decision: DecisionViewDto | null;
  @ApiProperty({ type: [CaseNoteDto], description: 'Internal notes of moderators and seniors, oldest first; never shown to reporters.' }) notes: CaseNoteDto[];
}

export class LeaseDto {
  @ApiProperty({ format: 'date-time' }) leaseExpiresAt: string;
}

export class RetryDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid', description: 'The removal decision whose order is sent again.' }) decisionId: string;
}

class TierFiguresDto {
  @ApiProperty({ enum: TIERS }) tier: string;
  @ApiProperty({ description: 'Queued and claimable.' }) queued: number;
  @ApiProperty({ description: 'Queued with a live lease.' }) inReview: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Age of the oldest queued case (in review or not), since triage queued it.' }) oldestQueuedSeconds: number | null;
  @ApiProperty({ description: 'Queued cases, in review or not, whose deadline has passed.' }) pastDeadline: number;
  @ApiProperty({ description: 'Queued cases, in review or not, due within the next hour.' }) dueWithinHour: number;
}

class LeaseViewDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() postId: string;
  @ApiProperty({ enum: TIERS }) tier: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) leaseExpiresAt: string;
}

export class QueueOverviewDto {
  @ApiProperty({ format: 'date-time', description: 'When the figures were read (at most a few seconds ago).' }) at: string;
  @ApiProperty({ type: [TierFiguresDto], description: 'standard, and senior for seniors and admins.' }) tiers: TierFiguresDto[];
  @ApiProperty({ type: [LeaseViewDto], description: "The caller's live leases." }) myLeases: LeaseViewDto[];
  @ApiProperty({ description: 'Cases in removal_failed.' }) removalFailed: number;
}

class HistoryDecisionDto {
  @ApiProperty({ enum: DECISION_ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ enum: DECISION_GROUNDS, nullable: true }) ground: string | null;
  @ApiProperty({ nullable: true, type: String }) legalGround: string | null;
  @ApiProperty({ nullable: true, type: String }) policy: string | null;
  @ApiProperty() explanation: string;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

class CaseHistoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_STATUSES }) state: string;
  @ApiProperty() category: string;
  @ApiProperty({ format: 'date-time' }) firstReportedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) removedAt: string | null;
  @ApiProperty({ type: HistoryDecisionDto, nullable: true }) decision: HistoryDecisionDto | null;
}

export class CaseHistoryDto {
  @ApiProperty({ type: [CaseHistoryEntryDto], description: "The post's other cases, newest first (at most 50)." }) items: CaseHistoryEntryDto[];
}

class RemovedMatchDto {
  @ApiProperty({ format: 'uuid', description: 'The removed case: open it with GET /v1/cases/{id}.' }) caseId: string;
  @ApiProperty() postId: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Null while the removal awaits the platform.' }) removedAt: string | null;
}

export class RemovedMatchesDto {
  @ApiProperty({ type: [RemovedMatchDto], description: 'Latest removal first, at most 20.' }) items: RemovedMatchDto[];
}

class ClaimEventDto {
  @ApiProperty({ enum: ['claimed', 'released', 'skipped'] }) action: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) principalId: string | null;
  @ApiProperty({ nullable: true, type: String }) principalName: string | null;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'claimed: when the lease was to end (heartbeats renew it).' }) leaseExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'skipped: until when the case is kept from this principal.' }) skippedUntil: string | null;
}

export class ClaimHistoryDto {
  @ApiProperty({ type: [ClaimEventDto], description: 'Oldest first. A lease that ran out without a release is not an event.' }) items: ClaimEventDto[];
}
