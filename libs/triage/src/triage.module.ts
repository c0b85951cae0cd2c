import { Module } from '@nestjs/common';
import { ReportsModule } from '@docket/reports';
import { CLASSIFIER, LexiconClassifier } from './classifier';
import { PostScanService } from './post-scan.service';
import { TriageRepository } from './triage.repository';
import { TriageService } from './triage.service';

@Module({
  imports: [ReportsModule],
  providers: [{ provide: CLASSIFIER, useFactory: () => new LexiconClassifier() }, TriageRepository, TriageService, PostScanService],
  exports: [TriageService, PostScanService, CLASSIFIER],
})
export class TriageModule {}
