// The HTTP floors beside P1 and P4, run as child processes like docket's API: what a request costs a server that
// does nothing of docket's. FLOOR=node: a bare node:http server. FLOOR=nest: NestJS on the Fastify adapter with
// what every docket route has (a global guard reading route metadata, a global ValidationPipe over a two-field
// DTO, an object serialised back), and nothing else; FLOOR=nest-unvalidated: the same without the pipe, to show
// what validation costs. All answer POST /floor with a case detail's worth of JSON.
import 'reflect-metadata';
import { createServer } from 'node:http';
import { Body, CanActivate, Controller, ExecutionContext, Get, HttpCode, Injectable, Module, Post, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const port = Number(process.env.PORT);
/** About the size of a claim's answer (post text, two reports, the case's fields). */
const DETAIL = {
  id: '00000000-0000-4000-8000-000000000000', state: 'queued', tier: 'standard', priority: 2, category: 'STATEMENT_CATEGORY_VIOLENCE',
  post: { id: 'p-1', url: 'https://social.example/p/1', text: 'x'.repeat(600), mediaUrls: [] },
  reports: [{ id: '00000000-0000-4000-8000-000000000001', description: 'y'.repeat(200), receivedAt: new Date(0).toISOString() }],
  signals: { flags: [], matches: [] }, leaseExpiresAt: new Date(0).toISOString(), decision: null,
};

class FloorDto {
  @IsIn(['remove', 'no_violation', 'escalate']) action!: string;
  @IsOptional() @IsString() @MaxLength(2000) explanation?: string;
}

@Injectable()
class KeyPresentGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(ctx: ExecutionContext): boolean {
    this.reflector.getAllAndOverride('roles', [ctx.getHandler(), ctx.getClass()]);
    const request = ctx.switchToHttp().getRequest<{ method: string; headers: Record<string, unknown> }>();
    // The bench's readiness probe (GET /health) carries no key.
    return request.method === 'GET' || typeof request.headers.authorization === 'string';
  }
}

@Controller()
class FloorController {
  @Get('health') health() {
    return { status: 'ok' };
  }

  @Post('floor') @HttpCode(200) floor(@Body() body: FloorDto) {
    return { ...DETAIL, action: body.action };
  }
}

@Module({ controllers: [FloorController], providers: [{ provide: APP_GUARD, useClass: KeyPresentGuard }] })
class FloorModule {}

async function nest(validate: boolean): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), { logger: false });
  if (validate) app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks(['SIGTERM']);
  await app.listen(port, '127.0.0.1');
}

function bare(): void {
  const body = JSON.stringify({ ...DETAIL, action: 'no_violation' });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
  });
  server.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => process.exit(0));
}

if (process.env.FLOOR === 'nest') void nest(true);
else if (process.env.FLOOR === 'nest-unvalidated') void nest(false);
else bare();
