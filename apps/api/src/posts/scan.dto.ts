import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { EachIsObject } from '@docket/common';
import { SCAN_STATUSES } from '@docket/database';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { PostSnapshotDto } from '../reports/report.dto';

export class ScanRequestDto {
  @ApiProperty({ type: [PostSnapshotDto], minItems: 1, maxItems: 1000, description: 'A post listed twice is scanned once, as first given.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @EachIsObject() @ValidateNested({ each: true }) @Type(() => PostSnapshotDto)
  posts: PostSnapshotDto[];
}

export class ScanReceiptDto {
  @ApiProperty({ format: 'uuid' }) scanId: string;
  @ApiProperty({ enum: ['queued'] }) status: string;
  @ApiProperty({ type: 'integer', description: 'Distinct posts to scan.' }) postCount: number;
  @ApiProperty({ format: 'date-time', description: 'Also when the deadline of a case the scan opens starts.' }) requestedAt: string;
}

class ScanFlagDto {
  @ApiProperty() postId: string;
  @ApiProperty({ format: 'uuid', description: 'The case the post is (or already was) handled in.' }) caseId: string;
  @ApiProperty({ description: 'True when this scan opened the case; false when the post joined its open case, or its last case is closed.' })
  caseOpened: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '`flags`, `matches`, `classifier`, `fingerprint`, `matchesRemovedPosts`.' })
  signals: Record<string, unknown>;
}

export class ScanViewDto {
  @ApiProperty({ format: 'uuid' }) scanId: string;
  @ApiProperty({ enum: SCAN_STATUSES, description: '`queued` until the worker takes it, `done` once every post has its result.' }) status: string;
  @ApiProperty({ type: 'integer', description: 'Distinct posts to scan.' }) postCount: number;
  @ApiProperty({ type: 'integer', description: 'Posts with a result so far.' }) scannedCount: number;
  @ApiProperty({ type: 'integer', description: 'Of those, flagged.' }) flaggedCount: number;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why a `failed` scan stopped.' }) error: string | null;
  @ApiProperty({
    type: [ScanFlagDto],
    description: 'The flagged posts scanned so far, in request order (all of them once `done`); a scanned post not listed was not flagged and is not stored.',
  })
  flagged: ScanFlagDto[];
}
