import { Module } from '@nestjs/common';
import { IntakeBatcher } from './intake-batcher';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { ReporterCallbacks } from './reporter-callbacks';

@Module({
  providers: [IntakeRepository, IntakeService, IntakeBatcher, ReportsRepository, ReportsService, ReporterCallbacks],
  exports: [IntakeService, IntakeBatcher, IntakeRepository, ReportsService, ReportsRepository, ReporterCallbacks],
})
export class ReportsModule {}
