import { ApiProperty } from '@nestjs/swagger';
import type { CapacityStatusView } from '@docket/staffing';

class AtRiskCaseDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
}

class InflowPerHourDto {
  @ApiProperty({ description: 'Cases per hour over the last CAPACITY_RECENT_MINUTES.' }) recent: number;
  @ApiProperty({ description: 'Cases in the same hour a week ago.' }) lastWeek: number;
  @ApiProperty({ description: 'The larger of the two: the rate projected.' }) projected: number;
}

export class CapacityDto implements CapacityStatusView {
  @ApiProperty({ format: 'date-time', description: 'The server\'s time of this answer.' }) at: string;
  @ApiProperty({ enum: ['ok', 'insufficient', 'unknown'], description: '`insufficient` while the capacity.insufficient alarm is raised; `unknown` until a worker has made a projection.' })
  state: 'ok' | 'insufficient' | 'unknown';
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the alarm was raised; null unless state is insufficient.' }) since: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the latest projection was made (null: none yet).' }) projectedAt: string | null;
  @ApiProperty({ description: 'The latest projection is older than three CAPACITY_INTERVAL_MS (at least 5 minutes): no worker is projecting.' }) stale: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'How far ahead the projection looks (CAPACITY_HORIZON_MINUTES).' }) horizonMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Moderators active at the projection: a claim or a decision in the last CAPACITY_RECENT_MINUTES, or a live lease.' })
  moderatorsActive: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Seniors and admins active, who take the senior tier.' }) seniorsActive: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The fewest moderators (beside the active seniors) with which no avoidable deadline passes over the horizon; null: no projection yet, or more than 500.' })
  moderatorsNeeded: number | null;
  @ApiProperty({ type: [AtRiskCaseDto], description: 'Open cases whose deadline passes with the moderators active and that more moderators would keep, earliest first (at most 100).' })
  atRisk: AtRiskCaseDto[];
  @ApiProperty({ description: 'How many open cases are at risk in all.' }) atRiskCount: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Deadlines projected to pass over the horizon that more moderators would keep, of open cases and of cases still to come.' })
  projectedBreaches: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Open cases (received or queued) the projection started from.' }) backlog: number | null;
  @ApiProperty({ nullable: true, type: InflowPerHourDto }) inflowPerHour: InflowPerHourDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median handling time (claim to decision) of the recent decisions the projection draws from.' })
  handlingSecondsMedian: number | null;
}
