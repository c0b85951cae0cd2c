import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProcessMetrics } from '@docket/metrics';

interface HookRequest {
  method: string;
  /** The matched route's URL pattern (e.g. `/v1/cases/:id`); undefined when no route matched. */
  routeOptions?: { url?: string };
}

interface HookReply {
  statusCode: number;
  /** Milliseconds since Fastify received the request. */
  elapsedTime: number;
}

/**
 * Times every response into docket_http_request_duration_seconds, labelled with
 * the route template, never the raw URL (ids would make a series per case);
 * requests no route matched share the label `unmatched`.
 */
export function observeHttpDurations(app: NestFastifyApplication): void {
  const metrics = app.get(ProcessMetrics);
  app.getHttpAdapter().getInstance().addHook('onResponse', async (request: HookRequest, reply: HookReply) => {
    metrics.observeHttp(request.method, request.routeOptions?.url, reply.statusCode, reply.elapsedTime / 1000);
  });
}
