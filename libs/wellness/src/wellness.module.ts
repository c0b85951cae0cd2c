import { Module } from '@nestjs/common';
import { ExposureRepository } from './exposure.repository';
import { PreferencesRepository } from './preferences.repository';
import { WellnessService } from './wellness.service';

@Module({
  providers: [ExposureRepository, PreferencesRepository, WellnessService],
  exports: [WellnessService],
})
export class WellnessModule {}
