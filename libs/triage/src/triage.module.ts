import { Module } from '@nestjs/common';
import { ReportsModule } from '@docket/reports';
import { CLASSIFIER } from './classifier';
import { classifierProvider, externalScorerProvider } from './classifier/external-scorer.provider';
import { PostScanService } from './post-scan.service';
import { ScansRepository } from './scans.repository';
import { ScanService } from './scans.service';
import { TriageBatcher } from './triage-batcher';
import { TriageRepository } from './triage.repository';
import { TriageService } from './triage.service';

@Module({
  imports: [ReportsModule],
  providers: [classifierProvider, externalScorerProvider, TriageRepository, TriageService, TriageBatcher, PostScanService, ScansRepository, ScanService],
  exports: [TriageService, TriageBatcher, PostScanService, ScanService, CLASSIFIER],
})
export class TriageModule {}
