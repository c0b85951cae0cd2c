import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiError } from '@docket/common';
import { AppConfig } from '@docket/config';
import { DeadlinePolicyService } from '@docket/deadlines';
import {
  CONSOLE_ROLES, ConsoleSessionsService, LiveSession, Public, Roles, SESSION_COOKIE, clearedSessionCookie, clientAddress, sessionCookie,
} from '@docket/principals';
import { SessionDto, SignInDto } from './session.dto';

interface Request {
  protocol?: string;
  ip?: string;
  consoleSession?: LiveSession;
}
interface Reply {
  header(name: string, value: string): unknown;
}

/** The console's sign-in: an API key once, then a cookie. */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  constructor(
    private readonly sessions: ConsoleSessionsService,
    private readonly policies: DeadlinePolicyService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Sign in to the console', description: `Sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Strict, Secure over TLS).` })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'The key is not valid or has been revoked; no session.' })
  @ApiTooManyRequestsResponse({ description: 'Too many refused requests from this address this minute; see Retry-After. A valid key is still accepted.' })
  @ApiForbiddenResponse({ description: 'The key is not a moderator, senior or admin of its own; no session.' })
  async signIn(@Body() body: SignInDto, @Req() request: Request, @Res({ passthrough: true }) reply: Reply): Promise<SessionDto> {
    const { token, session } = await this.sessions.signIn(body.apiKey, clientAddress(request));
    reply.header('Set-Cookie', sessionCookie(token, request.protocol === 'https'));
    return this.view(session);
  }

  @Get()
  @Roles(...CONSOLE_ROLES)
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: 'The live session, with its CSRF token again (for a reloaded page)' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'No live session.' })
  read(@Req() request: Request): Promise<SessionDto> {
    return this.view(consoleSession(request));
  }

  @Delete()
  @Roles(...CONSOLE_ROLES)
  @ApiCookieAuth(SESSION_COOKIE)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: the session ends and the cookie is cleared' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) reply: Reply): Promise<void> {
    await this.sessions.signOut(consoleSession(request));
    reply.header('Set-Cookie', clearedSessionCookie(request.protocol === 'https'));
  }

  private async view(session: LiveSession): Promise<SessionDto> {
    const { principal } = session;
    return {
      principal: { id: principal.id!, name: principal.name, role: principal.role },
      csrfToken: session.csrfToken,
      idleTimeoutSeconds: this.config.SESSION_IDLE_SECONDS,
      expiresAt: this.sessions.expiresAt(session).toISOString(),
      warnAtFraction: (await this.policies.current()).warnAtFraction,
    };
  }
}

/** Reading or ending a session needs the cookie; an API key has no session. */
function consoleSession(request: Request): LiveSession {
  if (!request.consoleSession) throw new ApiError(HttpStatus.BAD_REQUEST, 'this request carries an API key, not a console session cookie');
  return request.consoleSession;
}
