import { Module } from '@nestjs/common';
import { WellnessModule } from '@docket/wellness';
import { AuditExports } from './audit-exports.service';
import { ReadDatabase } from './read-database';
import { ResponseTimesRepository } from './response-times.repository';
import { StatementsRepository } from './statements.repository';
import { TransparencyRepository } from './transparency.repository';
import { AppealsExportRepository } from './appeals-export.repository';
import { ReportersRepository } from './reporters.repository';

@Module({
  imports: [WellnessModule],
  providers: [ReadDatabase, ResponseTimesRepository, TransparencyRepository, StatementsRepository, AppealsExportRepository, ReportersRepository, AuditExports],
  exports: [AuditExports],
})
export class ExportsModule {}
