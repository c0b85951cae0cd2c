import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1');

/**
 * Every variable docket reads, with its default. Validated once at boot so a
 * wrong value stops the process naming the variable, instead of failing later
 * in a request.
 */
export class Environment {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/docket';

  /** Exports and reports may read from a replica. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(500)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379/0';

  /** Braces keep every key of a queue in one Redis Cluster hash slot. */
  @Matches(/^\{[A-Za-z0-9_:-]+\}$/, { message: 'must be a name in braces, e.g. {docket}' })
  QUEUE_PREFIX = '{docket}';

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  ADMIN_API_KEY?: string;

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PLATFORM_WEBHOOK_URL?: string;

  /** Required with the URL: the platform must be able to tell our orders from anyone else's. */
  @ValidateIf((e: Environment) => e.PLATFORM_WEBHOOK_URL !== undefined || e.PLATFORM_WEBHOOK_SECRET !== undefined)
  @IsString({ message: 'is required when PLATFORM_WEBHOOK_URL is set' }) @MinLength(16, { message: 'must be at least 16 characters' })
  PLATFORM_WEBHOOK_SECRET?: string;

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  ALERT_WEBHOOK_URL?: string;

  @ValidateIf((e: Environment) => e.ALERT_WEBHOOK_URL !== undefined || e.ALERT_WEBHOOK_SECRET !== undefined)
  @IsString({ message: 'is required when ALERT_WEBHOOK_URL is set' }) @MinLength(16, { message: 'must be at least 16 characters' })
  ALERT_WEBHOOK_SECRET?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt) @IsInt() @Min(10) @Max(86400)
  LEASE_SECONDS = 300;

  /** Requests per window per API key on the report routes. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_POINTS = 6000;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** How long intake waits to gather concurrent single notices into one transaction. */
  @Transform(toInt) @IsInt() @Min(0) @Max(1000)
  INTAKE_GROUP_COMMIT_MS = 2;

  @Transform(toInt) @IsInt() @Min(1) @Max(5000)
  INTAKE_GROUP_COMMIT_MAX = 500;

  @Transform(toInt) @IsInt() @Min(5) @Max(60000)
  OUTBOX_POLL_MS = 25;

  /** How often each process looks for recorded audit events to chain (see AuditSequencer). */
  @Transform(toInt) @IsInt() @Min(5) @Max(60000)
  AUDIT_SEAL_MS = 50;

  @Transform(toInt) @IsInt() @Min(1) @Max(10)
  WEBHOOK_ATTEMPTS = 8;

  @Transform(toInt) @IsInt() @Min(10) @Max(3600000)
  WEBHOOK_BACKOFF_MS = 1000;

  @Transform(toInt) @IsInt() @Min(100) @Max(120000)
  WEBHOOK_TIMEOUT_MS = 10000;

  @Transform(toInt) @IsInt() @Min(1) @Max(256)
  WORKER_CONCURRENCY = 16;

  /** Removal orders in flight at once per worker: each mostly waits for the platform's answer, not for docket. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  ENFORCEMENT_CONCURRENCY = 64;

  /** Triage jobs in hand at once per worker: they are triaged in batches, so this is also the largest batch. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  TRIAGE_CONCURRENCY = 256;

  @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  SHUTDOWN_GRACE_MS = 10000;

  /**
   * BullMQ's job lock (renewed every half of it while the job runs) and the stalled-job check's
   * interval: the jobs of a worker that died (SIGKILL, OOM) go to another worker within about
   * three times this. Shorter recovers sooner, but a worker whose event loop stalls longer loses its jobs.
   */
  @Transform(toInt) @IsInt() @Min(1000) @Max(600000)
  JOB_LOCK_MS = 30000;

  /**
   * Behind a proxy that terminates TLS: believe its X-Forwarded-For and X-Forwarded-Proto, so the console's cookie
   * is marked Secure and logs name the client. Off by default: a client could otherwise claim either.
   */
  @Transform(toBool)
  TRUST_PROXY = false;

  /**
   * An API key that matched no active principal is refused from memory for this long, so repeating it costs no
   * database lookup; 0 turns this off. Creating a principal forgets its key at once in every API process.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  UNKNOWN_KEY_CACHE_SECONDS = 10;

  /**
   * Requests answered 401 (no key, unknown or revoked key, dead session, failed sign-in) per minute per client
   * address, shared by all API processes; past it that address's would-be 401s get 429. Valid keys are never refused.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000000)
  AUTH_FAILURES_PER_MINUTE = 60;

  /** A console session ends after this long without a request. */
  @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  SESSION_IDLE_SECONDS = 1800;

  /** A case a moderator skips is not claimed by them again for this long. */
  @Transform(toInt) @IsInt() @Min(0) @Max(86400)
  SKIP_COOLDOWN_SECONDS = 600;

  /** The console asks for a break after this many minutes of continuous work… */
  @Transform(toInt) @IsInt() @Min(1) @Max(1440)
  WELLNESS_BREAK_MINUTES = 50;

  /** …or this many violent cases opened since the last pause. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  WELLNESS_BREAK_VIOLENT_CASES = 30;

  /** Past this many violent cases in a day a moderator is given non-violent cases only; 0 is no cap. */
  @Transform(toInt) @IsInt() @Min(0) @Max(10000)
  WELLNESS_DAILY_VIOLENT_CAP = 0;

  /** This long without a claim is a pause: continuous work counts again from the next claim. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1440)
  WELLNESS_PAUSE_MINUTES = 10;

  /** `npm start` and the API apply pending migrations at boot unless this is false. */
  @Transform(toBool)
  MIGRATIONS_RUN = true;
}

export class ConfigError extends Error {}
