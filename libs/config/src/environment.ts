import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

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

  /**
   * Address of this process's metrics listener (GET /metrics for Prometheus, nothing else), apart from the API's
   * port. Loopback by default: 0.0.0.0 only where the network is private (a container, a scrape-only interface).
   */
  @IsString() @Matches(/^[^\s/]+$/, { message: 'must be a host name or an IP address' })
  METRICS_HOST = '127.0.0.1';

  /**
   * Port of this process's metrics listener, in every API and worker process; 0 turns it off. Each process on a
   * host needs its own: `npm start` gives its worker the next port (see WORKER_METRICS_PORT).
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  METRICS_PORT = 9464;

  /** `npm start` only: its worker's metrics port, when METRICS_PORT + 1 will not do; 0 turns the worker's listener off. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  WORKER_METRICS_PORT?: number;

  /**
   * The PostgreSQL and Redis figures of /metrics are read at most once per this many ms in each process, whatever
   * the number of scrapes; scrapes in between share that reading. 0 reads for every scrape (concurrent scrapes
   * still share one reading): for tests.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  METRICS_REFRESH_MS = 5000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/docket';

  /** Exports and reports may read from a replica. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(500)
  DATABASE_POOL_SIZE = 10;

  /**
   * `named`: each connection prepares a statement once and then only binds parameters. `unnamed`: parsed and
   * planned on every call, for a pooler in transaction mode that does not track prepared statements
   * (PgBouncer before 1.21, or 1.21+ without `max_prepared_statements`); see docs/operations.md.
   */
  @IsIn(['named', 'unnamed'])
  DATABASE_PREPARED_STATEMENTS: 'named' | 'unnamed' = 'named';

  /**
   * Where migrations run (`migrate`, `npm start`, the API at boot): PostgreSQL itself, not a transaction-mode
   * pooler, since they take a session advisory lock. Defaults to DATABASE_URL.
   */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  MIGRATIONS_DATABASE_URL?: string;

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

  /** How long after a decision its author or notifiers may appeal it: at least six months (DSA Art. 20(1)). */
  @Transform(toInt) @IsInt() @Min(183) @Max(3660)
  APPEAL_WINDOW_DAYS = 183;

  /**
   * Quality sampling (decision 0037): the share (0 to 1) of moderators' final decisions that get a second review by
   * another moderator; automated decisions always do. Drawn from the decision id, so the same decision draws the same.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value))) @IsNumber({}, { message: 'must be a number' }) @Min(0) @Max(1)
  QUALITY_SAMPLE_SHARE = 0.05;

  /**
   * Notifier reliability (DSA Art. 23): an admin may suspend a reporter only when, over the last UNFOUNDED_WINDOW_DAYS,
   * the share of its decided notices marked manifestly unfounded is above this fraction (and it was warned before).
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value))) @IsNumber({}, { message: 'must be a number' }) @Min(0) @Max(1)
  UNFOUNDED_SHARE_THRESHOLD = 0.5;

  /** The window (days, up to now) over which a reporter's manifestly unfounded share is weighed for a suspension. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3660)
  UNFOUNDED_WINDOW_DAYS = 30;

  /** Requests per window per API key on the report routes. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_POINTS = 6000;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Posts per minute per API key on `POST /v1/posts/scan`, shared by all API processes; a request past it gets 429
   * and nothing of it is stored. At least 1000, the largest scan, so every valid request fits an unspent minute.
   */
  @Transform(toInt) @IsInt() @Min(1000, { message: 'must be at least 1000 (the largest scan)' }) @Max(10000000)
  SCAN_POSTS_PER_MINUTE = 20000;

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
   * How often a worker reconciles Redis with PostgreSQL (one worker at a time): deadline warnings and breaches
   * that are due fire at most this long after their moment even if Redis forgot their timers. 0 turns it off.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600000)
  RECONCILE_INTERVAL_MS = 30000;

  /** A case received (not triaged) or removing (not confirmed) longer than this is stuck: re-driven, counted, alerted. */
  @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  STUCK_AFTER_SECONDS = 120;

  /**
   * How often a worker projects the queue's next hours and raises or recovers the capacity alarm (one worker per
   * interval; docs/staffing.md). 0 turns it off.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600000)
  CAPACITY_INTERVAL_MS = 60000;

  /** How far ahead the capacity projection looks, in minutes. */
  @Transform(toInt) @IsInt() @Min(5) @Max(10080)
  CAPACITY_HORIZON_MINUTES = 240;

  /** The recent window of the capacity projection: its inflow rate, and who counts as active (a claim or a decision in it). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1440)
  CAPACITY_RECENT_MINUTES = 15;

  /** The handling time (claim to decision) the projection and the staffing report assume where docket has measured none. */
  @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  CAPACITY_DEFAULT_HANDLING_SECONDS = 120;

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

  /**
   * Bulk decisions (decision 0036): a bulk removal's orders wait this long before they go to the platform, and the
   * bulk can be cancelled until then. A preview's token is good for BULK_PREVIEW_SECONDS.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  BULK_GRACE_SECONDS = 120;

  @Transform(toInt) @IsInt() @Min(10) @Max(86400)
  BULK_PREVIEW_SECONDS = 600;

  /**
   * Routing by language and skill (decision 0035): a claim prefers a case in the moderator's languages and skills
   * unless the earliest claimable case is due within this many seconds; then the deadline decides alone.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(604800)
  ROUTING_BREACH_MARGIN_SECONDS = 900;

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

  /**
   * An operator's own incitement scorer (Perspective-compatible, or any HTTP endpoint answering `{ "score": 0..1 }`),
   * asked by triage for every post; unset, the built-in detector alone decides. When it times out, fails or answers
   * nonsense, the built-in detector decides (see docs/classifier.md).
   */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  CLASSIFIER_URL?: string;

  /** Each call to CLASSIFIER_URL is given up after this long; triage waits for it, intake never does. */
  @Transform(toInt) @IsInt() @Min(10) @Max(10000)
  CLASSIFIER_TIMEOUT_MS = 300;

  /** The external score (0 to 1) at or above which a post is flagged as incitement. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value))) @IsNumber({}, { message: 'must be a number' }) @Min(0) @Max(1)
  CLASSIFIER_THRESHOLD = 0.8;

  /** The Perspective attribute asked for and read back. */
  @Matches(/^[A-Z][A-Z_]*$/, { message: 'must be an attribute name in capitals, e.g. THREAT' })
  CLASSIFIER_ATTRIBUTE = 'THREAT';

  /** Failures in a row after which CLASSIFIER_URL is not called (the circuit opens) for CLASSIFIER_BREAKER_RESET_MS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  CLASSIFIER_BREAKER_FAILURES = 5;

  @Transform(toInt) @IsInt() @Min(100) @Max(3600000)
  CLASSIFIER_BREAKER_RESET_MS = 30000;

  /** Calls to CLASSIFIER_URL in flight at once per triage batch. */
  @Transform(toInt) @IsInt() @Min(1) @Max(256)
  CLASSIFIER_CONCURRENCY = 16;
}

export class ConfigError extends Error {}
