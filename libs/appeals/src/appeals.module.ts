import { Module } from '@nestjs/common';
import { ReviewModule } from '@docket/review';
import { AppealAlarms } from './appeal-alarms';
import { AppealCallbacks } from './appeal-callbacks';
import { AppealsRepository } from './appeals.repository';
import { AppealsService } from './appeals.service';
import { RestoreService } from './restore.service';

/** Appeals for the API (filing, the queue, outcomes, restore retries). The worker adds AppealsWorkerModule. */
@Module({
  imports: [ReviewModule],
  providers: [AppealsRepository, AppealsService, RestoreService, AppealCallbacks],
  exports: [AppealsService, RestoreService, AppealCallbacks, AppealsRepository],
})
export class AppealsModule {}

/** The worker's part: restore orders and callbacks (through AppealsModule) and the appeal deadline alarms. */
@Module({ imports: [AppealsModule], providers: [AppealAlarms], exports: [AppealAlarms, AppealsModule] })
export class AppealsWorkerModule {}
