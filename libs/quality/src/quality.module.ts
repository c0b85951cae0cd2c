import { Module } from '@nestjs/common';
import { ReviewModule } from '@docket/review';
import { QualityRepository } from './quality.repository';
import { QualityService } from './quality.service';

/** Quality sampling (decision 0037): the second-review queue and the agreement figures. */
@Module({ imports: [ReviewModule], providers: [QualityRepository, QualityService], exports: [QualityService] })
export class QualityModule {}
