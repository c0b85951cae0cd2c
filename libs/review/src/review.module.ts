import { Module } from '@nestjs/common';
import { EnforcementModule } from '@docket/enforcement';
import { ReportsModule } from '@docket/reports';
import { DeadlineAlarms } from './deadline-alarms.service';
import { DecisionService } from './decision.service';
import { ReviewRepository } from './review.repository';
import { ReviewService } from './review.service';

@Module({
  imports: [ReportsModule, EnforcementModule],
  providers: [ReviewRepository, ReviewService, DecisionService, DeadlineAlarms],
  exports: [ReviewService, DecisionService, ReviewRepository, DeadlineAlarms],
})
export class ReviewModule {}
