import { Module } from '@nestjs/common';
import { ReportsModule } from '@docket/reports';
import { EnforcementRepository } from './enforcement.repository';
import { EnforcementService } from './enforcement.service';

@Module({ imports: [ReportsModule], providers: [EnforcementRepository, EnforcementService], exports: [EnforcementService] })
export class EnforcementModule {}
