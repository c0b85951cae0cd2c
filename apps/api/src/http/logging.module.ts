import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@docket/config';

/** JSON logs, each line of a request carrying its id (see requestId in app.ts). */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // nestjs-pino's default route, '{/*splat}', reaches Fastify's middie as '/{/*splat}', which
        // matches no path but '/': no request was ever logged. '{*path}' becomes '/{*path}', every path.
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.apiKey', '*.callbackSecret'], censor: '[redacted]' },
          // Middie strips the matched path from req.url while middleware runs; originalUrl is the request's.
          autoLogging: { ignore: (req) => ['/health', '/metrics'].includes(requestPath(req)) },
        },
      }),
    }),
  ],
})
export class LoggingModule {}

function requestPath(req: { url?: string; originalUrl?: string }): string {
  return (req.originalUrl ?? req.url ?? '').split('?')[0];
}
