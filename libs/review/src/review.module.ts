import { Module } from '@nestjs/common';
import { EnforcementModule } from '@docket/enforcement';
import { ReportsModule } from '@docket/reports';
import { WellnessModule } from '@docket/wellness';
import { DeadlineAlarms } from './deadline-alarms.service';
import { DecisionService } from './decision.service';
import { ReasonTemplatesRepository } from './reason-templates.repository';
import { ReasonTemplatesService } from './reason-templates.service';
import { ReviewRepository } from './review.repository';
import { ReviewService } from './review.service';

@Module({
  imports: [ReportsModule, EnforcementModule, WellnessModule],
  providers: [ReviewRepository, ReviewService, DecisionService, DeadlineAlarms, ReasonTemplatesRepository, ReasonTemplatesService],
  exports: [ReviewService, DecisionService, ReviewRepository, DeadlineAlarms, ReasonTemplatesService],
})
export class ReviewModule {}
