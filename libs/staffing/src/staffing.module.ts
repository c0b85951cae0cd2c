import { Module } from '@nestjs/common';
import { MetricsModule } from '@docket/metrics';
import { CapacityAlarm } from './capacity-alarm.service';
import { CapacityMetrics } from './capacity.metrics';
import { StaffingReports } from './staffing-report.service';
import { StaffingRepository } from './staffing.repository';

/** The staffing report, for the API; needs the global config, database, audit and common modules. */
@Module({
  providers: [StaffingRepository, StaffingReports],
  exports: [StaffingReports],
})
export class StaffingModule {}

/** The worker's capacity alarm (one worker a minute); needs the global database, queue, alerts and common modules. */
@Module({
  imports: [MetricsModule],
  providers: [StaffingRepository, CapacityMetrics, CapacityAlarm],
  exports: [CapacityAlarm],
})
export class CapacityModule {}
