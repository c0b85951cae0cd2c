import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** No inline script or style, nothing from elsewhere but the post's images; the console may not be framed. */
export const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: http: data:", "connect-src 'self'",
  "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** `dist/console` of the checkout this code runs from (built sources or TypeScript under test alike). */
export function consoleDirectory(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(dir, 'dist', 'console');
}

/**
 * The console's few built files, read once at boot and served from memory under /console; any other path below it
 * is the app's own route and gets index.html. Without a build, /console says how to make one.
 */
export function serveConsole(app: NestFastifyApplication, dir = consoleDirectory()): void {
  const assets = new Map<string, Asset>();
  if (existsSync(join(dir, 'index.html'))) {
    for (const name of readdirSync(dir)) {
      const body = readFileSync(join(dir, name));
      assets.set(name, { body, type: TYPES[extname(name)] ?? 'application/octet-stream', etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
    }
  }
  const handler = (request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
    const path = request.params['*'] ?? '';
    const asset = assets.get(path) ?? (extname(path) ? undefined : assets.get('index.html'));
    if (!asset) {
      const message = assets.size ? 'no such console file' : 'the console is not built: run npm run build';
      return reply.code(assets.size ? 404 : 503).headers({ 'Content-Type': 'application/json; charset=utf-8' })
        .send({ statusCode: assets.size ? 404 : 503, error: assets.size ? 'Not Found' : 'Service Unavailable', message });
    }
    // Revalidated on every load (the names carry no hash), answered 304 when unchanged.
    reply.headers({ 'Content-Security-Policy': CONSOLE_CSP, 'Cache-Control': 'no-cache', ETag: asset.etag });
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send('');
    return reply.code(200).headers({ 'Content-Type': asset.type }).send(asset.body);
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/console', handler);
  fastify.get('/console/*', handler);
}
