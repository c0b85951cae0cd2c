import { Module } from '@nestjs/common';
import { ReportsModule } from '@docket/reports';
import { DecisionService } from './decision.service';
import { ReviewRepository } from './review.repository';
import { ReviewService } from './review.service';

@Module({
  imports: [ReportsModule],
  providers: [ReviewRepository, ReviewService, DecisionService],
  exports: [ReviewService, DecisionService, ReviewRepository],
})
export class ReviewModule {}
