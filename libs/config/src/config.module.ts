import { Global, Module } from '@nestjs/common';
import { AppConfig, loadEnvironment } from './config.service';

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadEnvironment() }],
  exports: [AppConfig],
})
export class ConfigModule {}
