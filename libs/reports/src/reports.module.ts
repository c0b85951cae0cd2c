import { Module } from '@nestjs/common';
import { PostIdentityService } from './post-identity.service';
import { IntakeBatcher } from './intake-batcher';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { ReporterCallbacks } from './reporter-callbacks';

@Module({
  providers: [IntakeRepository, IntakeService, IntakeBatcher, ReportsRepository, ReportsService, ReporterCallbacks, PostIdentityService],
  exports: [IntakeService, IntakeBatcher, IntakeRepository, ReportsService, ReportsRepository, ReporterCallbacks, PostIdentityService],
})
export class ReportsModule {}
