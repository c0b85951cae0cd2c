import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsTimestamp } from '@docket/common';

const PERIOD_END = 'ISO 8601 date or date-time (UTC when no offset); the period is [from, to) on received time.';

export class AuditPeriodQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: `Start, inclusive. ${PERIOD_END}` })
  @IsOptional() @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ example: '2026-02-01', description: `End, exclusive. ${PERIOD_END}` })
  @IsOptional() @IsTimestamp()
  to?: string;
}

export class TableQuery extends AuditPeriodQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Default json, or csv when the Accept header asks for text/csv.' })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export const GROUPINGS = ['category', 'reporterKind', 'day'] as const;

export class ResponseTimesQuery extends TableQuery {
  @ApiPropertyOptional({ enum: GROUPINGS, default: 'category', description: '`day` (UTC) adds inflow, closed and backlog per day.' })
  @IsOptional() @IsIn(GROUPINGS)
  groupBy: (typeof GROUPINGS)[number] = 'category';
}

export class CasesQuery extends AuditPeriodQuery {
  @ApiPropertyOptional({ enum: ['json', 'jsonl', 'csv'], description: 'json and jsonl both give one JSON object per line. Default jsonl, or csv when Accept asks for text/csv.' })
  @IsOptional() @IsIn(['json', 'jsonl', 'csv'])
  format?: 'json' | 'jsonl' | 'csv';
}

export class StatementsQuery extends AuditPeriodQuery {
  @ApiPropertyOptional({ enum: ['json', 'jsonl'], description: 'Statements are always JSON lines.' })
  @IsOptional() @IsIn(['json', 'jsonl'], { message: 'must be json or jsonl: statements of reasons are JSON lines' })
  format?: 'json' | 'jsonl';
}

export class EventsQuery {
  @ApiPropertyOptional({ description: 'Return events after this id (the previous page\'s nextCursor). Default: from the first event.', example: '0' })
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'must be an event id (digits)' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit = 50;
}

class ResponseTimeFiguresDto {
  @ApiProperty({ description: 'Notices (reports) received in the period.' }) notices: number;
  @ApiProperty({ description: 'Distinct cases of those notices.' }) cases: number;
  @ApiProperty({ description: 'Of those cases, removed (platform confirmed).' }) removed: number;
  @ApiProperty({ description: 'Of those cases, closed as no violation.' }) noViolation: number;
  @ApiProperty({ description: 'Of those cases, not closed now (received, queued, in review, removing, removal_failed).' }) open: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Exact median over notices of removedAt − receivedAt, seconds.' }) medianSecondsToRemoval: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90SecondsToRemoval: number | null;
  @ApiProperty({ nullable: true, type: Number }) p99SecondsToRemoval: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Exact median over notices of the time from receipt to the closing of their case (removal confirmed or no_violation decided), seconds.' })
  medianSecondsToAction: number | null;
  @ApiProperty({ description: 'Cases closed at or before their dueAt.' }) withinDeadline: number;
  @ApiProperty({ description: 'Cases with breachedAt set.' }) breached: number;
  @ApiProperty({ description: 'Notices whose time to removal was ≤ 24 h.' }) removedWithin24h: number;
  @ApiProperty({ description: '> 24 h and ≤ 48 h.' }) removedWithin48h: number;
  @ApiProperty({ description: '> 48 h and ≤ 7 days.' }) removedWithin7d: number;
  @ApiProperty({ description: '> 7 days.' }) removedLater: number;
  @ApiPropertyOptional({ description: 'groupBy=day: cases first reported that day (total: their sum).' }) inflow?: number;
  @ApiPropertyOptional({ description: 'groupBy=day: cases closed that day (total: their sum).' }) closed?: number;
  @ApiPropertyOptional({ description: 'groupBy=day: cases reported before the day\'s end and not closed by it (total: at the last day\'s end).' }) backlog?: number;
}

class ResponseTimeGroupDto extends ResponseTimeFiguresDto {
  @ApiProperty({ description: 'The category, reporter kind, or UTC day (YYYY-MM-DD).' }) key: string;
}

export class ResponseTimesDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ type: [ResponseTimeGroupDto] }) groups: ResponseTimeGroupDto[];
  @ApiProperty({ type: ResponseTimeFiguresDto }) total: ResponseTimeFiguresDto;
}

export class TransparencyRowDto {
  @ApiProperty({ description: 'A STATEMENT_CATEGORY_* value, or `total`.' }) category: string;
  @ApiProperty() notices: number;
  @ApiProperty() trustedFlaggerNotices: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median hours from receipt to action (removal confirmed or no_violation decided).' }) medianHoursToAction: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianHoursToActionTrustedFlaggers: number | null;
  @ApiProperty({ description: 'Notices whose post was removed on a legal ground (illegal_content).' }) actionsOnLegalGrounds: number;
  @ApiProperty({ description: 'Notices whose post was removed under the terms and conditions (incompatible_content).' }) actionsOnTermsAndConditions: number;
}

export class ComplaintsRowDto {
  @ApiProperty({ enum: ['removal', 'no_action', 'total'], description: 'The kind of decision contested: a removal, or a decision not to act.' }) basis: string;
  @ApiProperty({ description: 'Appeals received in the period.' }) received: number;
  @ApiProperty() byAuthors: number;
  @ApiProperty() byNotifiers: number;
  @ApiProperty() upheld: number;
  @ApiProperty() overturned: number;
  @ApiProperty({ description: 'Not decided yet.' }) pending: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median hours from the appeal to its decision, over decided appeals.' }) medianHoursToDecision: number | null;
  @ApiProperty({ description: 'Overturned and in effect: the post restored, or the removal confirmed.' }) reversed: number;
}

export class TransparencyDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ type: [TransparencyRowDto] }) notices: TransparencyRowDto[];
  @ApiProperty({ type: [ComplaintsRowDto], description: 'Art. 15(1)(d): appeals (complaints) received in the period, per basis, then the total.' }) complaints: ComplaintsRowDto[];
  @ApiProperty({ type: () => [ReporterFiguresDto], description: 'Art. 22 and 23: per reporter with notices in the period, as GET /v1/audit/reporters.' }) reporters: ReporterFiguresDto[];
}

export class ReporterFiguresDto {
  @ApiProperty({ format: 'uuid' }) reporterId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'hosting_provider, trusted_flagger, authority or user.' }) kind: string | null;
  @ApiProperty({ description: 'Notices received in the period.' }) filed: number;
  @ApiProperty({ description: "Of those, decided: their case's latest decision is a removal or no violation." }) decided: number;
  @ApiProperty({ description: 'Of the decided, removed (upheld).' }) upheld: number;
  @ApiProperty({ description: 'Of the decided, no violation marked manifestly unfounded.' }) manifestlyUnfounded: number;
  @ApiProperty({ nullable: true, type: Number, description: 'upheld / decided; null when none was decided.' }) upheldShare: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'manifestlyUnfounded / decided; null when none was decided.' }) manifestlyUnfoundedShare: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median seconds from receipt to the decision, over the decided notices.' }) medianSecondsToDecision: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The last warning (as of now).' }) warnedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The end of a suspension in force now.' }) suspendedUntil: string | null;
}

export class ReportersReportDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ type: [ReporterFiguresDto] }) reporters: ReporterFiguresDto[];
}

export const TRANSPARENCY_SECTIONS = ['notices', 'complaints', 'reporters'] as const;

export class TransparencyQuery extends TableQuery {
  @ApiPropertyOptional({ enum: TRANSPARENCY_SECTIONS, default: 'notices', description: 'For CSV, which section (a CSV holds one table); JSON has both.' })
  @IsOptional() @IsIn(TRANSPARENCY_SECTIONS)
  section: (typeof TRANSPARENCY_SECTIONS)[number] = 'notices';
}

export class AppealExportRowDto {
  @ApiProperty({ format: 'uuid' }) appealId: string;
  @ApiProperty({ format: 'uuid' }) decisionId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['author', 'notifier'] }) appellant: string;
  @ApiProperty({ enum: ['remove', 'no_violation'] }) contestedAction: string;
  @ApiProperty() category: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String, enum: ['uphold', 'overturn'] }) outcome: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: "The platform's confirmation of the restore order." }) restoredAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) secondsToDecision: number | null;
  @ApiProperty({ nullable: true, type: Number }) secondsToRestoration: number | null;
  @ApiProperty() breached: boolean;
}

export class AppealTimesRowDto {
  @ApiProperty({ description: 'A STATEMENT_CATEGORY_* value, or `total`.' }) key: string;
  @ApiProperty() appeals: number;
  @ApiProperty() decided: number;
  @ApiProperty() upheld: number;
  @ApiProperty() overturned: number;
  @ApiProperty({ description: 'Decided by the deadline (and, for an overturned removal, restored by it).' }) withinDeadline: number;
  @ApiProperty() breached: number;
  @ApiProperty({ nullable: true, type: Number }) medianSecondsToDecision: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90SecondsToDecision: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianSecondsToRestoration: number | null;
}

export class AppealsReportDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ type: [AppealExportRowDto] }) appeals: AppealExportRowDto[];
  @ApiProperty({ type: [AppealTimesRowDto] }) times: AppealTimesRowDto[];
}

export class AuditEventDto {
  @ApiProperty({ description: 'Position in the chain, from 1, without gaps.' }) id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The principal; null for docket itself or the bootstrap admin key.' }) actorId: string | null;
  @ApiProperty() actorRole: string;
  @ApiProperty({ example: 'case.decided' }) action: string;
  @ApiProperty({ example: 'case' }) subjectType: string;
  @ApiProperty() subjectId: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({
    description: 'sha256 (hex) of the previous event\'s hash (64 zeros before the first) followed by this event without `hash` as RFC 8785 canonical JSON.',
  })
  hash: string;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page.' }) nextCursor: string | null;
}

export class ChainVerdictDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Events checked.' }) events: number;
  @ApiPropertyOptional({ description: 'When not ok: the first event whose hash does not recompute (altered, or the one before it removed).' }) firstBadEventId?: string;
}

class ExposureDayDto {
  @ApiProperty({ example: '2026-12-07' }) day: string;
  @ApiProperty({ description: 'Moderators who opened at least one case.' }) moderators: number;
  @ApiProperty() cases: number;
  @ApiProperty() violentCases: number;
  @ApiProperty() medianViolentCasesPerModerator: number;
  @ApiProperty() maxViolentCasesPerModerator: number;
}

export const EXPOSURE_COLUMNS = ['day', 'moderators', 'cases', 'violentCases', 'medianViolentCasesPerModerator', 'maxViolentCasesPerModerator'];

export class ExposureReportDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ type: [ExposureDayDto] }) days: ExposureDayDto[];
}
