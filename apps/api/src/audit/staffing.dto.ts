import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsPositive, Max } from 'class-validator';
import { TableQuery } from './audit.dto';

const TARGET = 'must be a share of deadlines to meet, more than 0 and at most 1 (e.g. 0.99)';

export class StaffingQuery extends TableQuery {
  @ApiPropertyOptional({ type: Number, minimum: 0, exclusiveMinimum: true, maximum: 1, default: 0.99, description: 'The share of deadlines to meet (more than 0, at most 1): the report finds the fewest moderators that meet it.' })
  @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: TARGET }) @IsPositive({ message: TARGET }) @Max(1, { message: TARGET })
  target = 0.99;
}

class StaffingFiguresDto {
  @ApiProperty({ description: 'Share (0–1) of the cases decided at or before their deadline.' }) withinDeadline: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median seconds from first report to decision (percentile_cont over every case); null when it falls among cases never decided.' })
  p50Seconds: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '90th percentile, as p50Seconds.' }) p90Seconds: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The longest; null when a case was never decided (it waited on a tier nobody worked).' }) worstSeconds: number | null;
  @ApiProperty({ description: 'The most cases open at once.' }) peakBacklog: number;
  @ApiProperty({ description: 'Cases never decided in the replay: escalated or breached cases (senior tier) with no senior working.' }) undecided: number;
}

class StaffingRowDto extends StaffingFiguresDto {
  @ApiProperty({ description: 'Moderators working the standard tier (beside the period\'s seniors).' }) moderators: number;
  @ApiProperty({ description: 'withinDeadline ≥ target.' }) meetsTarget: boolean;
  @ApiProperty({ type: StaffingFiguresDto, description: 'The same moderators taking cases oldest first instead of in docket\'s claim order.' }) fifo: StaffingFiguresDto;
}

export class StaffingReportDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty() target: number;
  @ApiProperty({ description: 'Cases first reported in the period: the arrivals replayed.' }) cases: number;
  @ApiProperty({ description: 'Decisions with a measured handling time (a claim, then the same person\'s decision): what the replay\'s handling times come from.' })
  decisions: number;
  @ApiProperty({ description: 'Seniors (and admins) who decided cases of the period: they work the senior tier in every row.' }) seniors: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The fewest moderators meeting the target; null when none up to the last row does.' }) moderatorsNeeded: number | null;
  @ApiProperty({ description: 'The share met with as many moderators as cases: no staffing of the standard tier does better.' }) withUnlimitedModerators: number;
  @ApiProperty({ type: [StaffingRowDto], description: 'One row per number of moderators, from 1 to moderatorsNeeded + 2 (or until the share stops improving, + 2).' })
  rows: StaffingRowDto[];
}
