import { Module } from '@nestjs/common';
import { BulkRepository } from './bulk.repository';
import { BulkDecisionService } from './bulk.service';

/** Bulk decisions with preview (decision 0036); their removal orders run in the worker's enforcement processor. */
@Module({ providers: [BulkRepository, BulkDecisionService], exports: [BulkDecisionService] })
export class BulkModule {}
