import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@docket/config';

/** JSON logs, each line of a request carrying its id (see requestId in app.ts). */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.apiKey', '*.callbackSecret'], censor: '[redacted]' },
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
