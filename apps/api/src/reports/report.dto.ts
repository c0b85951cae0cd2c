import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { EachIsObject, IsTimestamp, ValidWhen } from '@docket/common';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO6391, IsObject, IsOptional, IsString, IsUrl, Length, MaxLength,
  IsInt, Max, Min, ValidateNested,
} from 'class-validator';
import { DSA_CATEGORIES, DSA_KEYWORDS } from '@docket/dsa';

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const URL_MESSAGE = { message: 'must be an http(s) URL' };
const EACH_URL_MESSAGE = { each: true, message: 'each must be an http(s) URL' };

/** Clients' clocks drift; a minute ahead is still "now". */
const FUTURE_TOLERANCE_MS = 60_000;

// A value that is no date at all is IsTimestamp's to refuse, not a date in the future.
const NotInFuture = ValidWhen('notInFuture', 'must not be in the future',
  (value) => typeof value !== 'string' || !(Date.parse(value) > Date.now() + FUTURE_TOLERANCE_MS));

export class PostSnapshotDto {
  @ApiProperty({ description: "The platform's post id.", minLength: 1, maxLength: 256, example: 'p-123' })
  @IsString() @Length(1, 256)
  id: string;

  @ApiPropertyOptional({ maxLength: 2048, example: 'https://social.example/p/123' })
  @IsOptional() @IsUrl(HTTP_URL, URL_MESSAGE) @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional() @IsString() @MaxLength(256)
  authorId?: string;

  @ApiPropertyOptional({ maxLength: 10000, description: 'Kept exactly as sent (any Unicode except NUL).' })
  @IsOptional() @IsString() @MaxLength(10000)
  text?: string;

  @ApiPropertyOptional({ description: 'ISO 639-1 code', example: 'en' })
  @IsOptional() @IsISO6391({ message: 'must be an ISO 639-1 language code' })
  language?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUrl(HTTP_URL, EACH_URL_MESSAGE) @MaxLength(2048, { each: true })
  mediaUrls?: string[];

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional() @IsTimestamp()
  postedAt?: string;
}

export class ReportDto {
  @ApiProperty({ type: PostSnapshotDto })
  @IsObject() @ValidateNested() @Type(() => PostSnapshotDto)
  post: PostSnapshotDto;

  @ApiProperty({ enum: DSA_CATEGORIES, example: 'STATEMENT_CATEGORY_VIOLENCE' })
  @IsIn(DSA_CATEGORIES, { message: 'must be a DSA STATEMENT_CATEGORY_* value' })
  category: string;

  @ApiPropertyOptional({ type: [String], enum: DSA_KEYWORDS, maxItems: 20 })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsIn(DSA_KEYWORDS, { each: true, message: 'each must be a DSA KEYWORD_* value' })
  specification?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUrl(HTTP_URL, EACH_URL_MESSAGE) @MaxLength(2048, { each: true })
  evidenceUrls?: string[];

  @ApiPropertyOptional({ maxLength: 256, description: "The reporter's own reference.", example: 'AWS-TS-0042' })
  @IsOptional() @IsString() @MaxLength(256)
  externalRef?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the reporter saw it; not in the future.' })
  @IsOptional() @IsTimestamp() @NotInFuture()
  reportedAt?: string;
}

export class ReportBatchDto {
  @ApiProperty({ type: [ReportDto], minItems: 1, maxItems: 500 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @EachIsObject() @ValidateNested({ each: true }) @Type(() => ReportDto)
  reports: ReportDto[];
}

export const REPORT_STATUSES = ['received', 'queued', 'in_review', 'escalated', 'removing', 'removed', 'no_violation', 'removal_failed'] as const;

export class ReceiptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When docket must have acted on this notice.' }) dueAt: string;
}

export class BatchReceiptDto {
  @ApiProperty({ type: [ReceiptDto], description: 'In request order.' }) items: ReceiptDto[];
}

export class ReportViewDto extends ReceiptDto {
  @ApiProperty() postId: string;
  @ApiProperty() category: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: "The platform's confirmation." }) removedAt: string | null;
  @ApiProperty({ enum: ['removed', 'no_violation'], nullable: true }) outcome: string | null;
  @ApiProperty({ nullable: true, type: Number }) timeToRemovalSeconds: number | null;
  @ApiProperty({ nullable: true, type: String }) externalRef: string | null;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportViewDto] }) items: ReportViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ReportListQuery {
  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional() @IsIn(REPORT_STATUSES)
  status?: (typeof REPORT_STATUSES)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'Received at or after.' })
  @IsOptional() @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received before.' })
  @IsOptional() @IsTimestamp()
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit = 50;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}
