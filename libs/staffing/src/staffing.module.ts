import { Module } from '@nestjs/common';
import { MetricsModule } from '@docket/metrics';
import { CapacityAlarm } from './capacity-alarm.service';
import { CapacityStatus } from './capacity-status.service';
import { CapacityMetrics } from './capacity.metrics';
import { StaffingReports } from './staffing-report.service';
import { StaffingRepository } from './staffing.repository';

/** The staffing report and the capacity alarm's state, for the API; needs the global config, database, audit and common modules. */
@Module({
  providers: [StaffingRepository, StaffingReports, CapacityStatus],
  exports: [StaffingReports, CapacityStatus],
})
export class StaffingModule {}

/** The worker's capacity alarm (one worker a minute); needs the global database, queue, alerts and common modules. */
@Module({
  imports: [MetricsModule],
  providers: [StaffingRepository, CapacityMetrics, CapacityAlarm],
  exports: [CapacityAlarm],
})
export class CapacityModule {}
