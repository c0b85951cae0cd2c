import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { EachIsObject } from '@docket/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { PostSnapshotDto } from '../reports/report.dto';

export class ScanRequestDto {
  @ApiProperty({ type: [PostSnapshotDto], minItems: 1, maxItems: 1000 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @EachIsObject() @ValidateNested({ each: true }) @Type(() => PostSnapshotDto)
  posts: PostSnapshotDto[];
}

class ScanFlagDto {
  @ApiProperty() postId: string;
  @ApiProperty({ format: 'uuid', description: 'The case the post is (or already was) handled in.' }) caseId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '`flags`, `matches`, `classifier`, `fingerprint`, `matchesRemovedPosts`.' })
  signals: Record<string, unknown>;
}

export class ScanResultDto {
  @ApiProperty({ type: [ScanFlagDto], description: 'Only the flagged posts; the others are not stored.' }) flagged: ScanFlagDto[];
}
