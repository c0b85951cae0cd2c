import { Module } from '@nestjs/common';
import { ReportsModule } from '@docket/reports';
import { CLASSIFIER, LexiconClassifier } from './classifier';
import { PostScanService } from './post-scan.service';
import { TriageBatcher } from './triage-batcher';
import { TriageRepository } from './triage.repository';
import { TriageService } from './triage.service';

@Module({
  imports: [ReportsModule],
  providers: [{ provide: CLASSIFIER, useFactory: () => new LexiconClassifier() }, TriageRepository, TriageService, TriageBatcher, PostScanService],
  exports: [TriageService, TriageBatcher, PostScanService, CLASSIFIER],
})
export class TriageModule {}
