/**
 * The reconciler (issue 20, point 1): what Redis forgot is re-created from PostgreSQL, once. Passes are run by hand
 * (RECONCILE_INTERVAL_MS=0) on a clock the test moves; Redis "forgets" by having its queue obliterated or the outbox
 * row of a job deleted, as if relayed to a Redis that then lost it.
 */
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { AppConfig } from '@docket/config';
import { MetricsService, ProcessMetrics } from '@docket/metrics';
import { Reconciler } from '@docket/reconciler';
import { DeadlineAlarms } from '@docket/review';
import { Docket, bearer, createPrincipal, startDocket } from './support/docket';
import { notice } from './support/notices';
import { Receiver } from './support/receiver';
import { Keys, REMOVE, fileQueued, reviewKeys } from './support/review';
import { scanDone, submitScan } from './support/scans';
import { waitFor } from './support/wait-for';

const ALERT_SECRET = 'alert-secret-0123456789abcdef';
const STUCK_AFTER_SECONDS = 2;
/** Well past STUCK_AFTER_SECONDS, whatever the time the test's own steps took on a loaded machine. */
const PAST_STUCK_MS = 60_000;
const ms = (iso: string) => new Date(iso).getTime();

async function auditCount(db: Pool, caseId: string, action: string): Promise<number> {
  return (await db.query(`SELECT count(*)::int AS n FROM audit_trail WHERE subject_id = $1 AND action = $2`, [caseId, action])).rows[0].n;
}

async function caseRow(db: Pool, caseId: string) {
  return (await db.query(`SELECT state, tier, breached_at, warn_at FROM cases WHERE id = $1`, [caseId])).rows[0];
}

async function claimAndRemove(docket: Docket, moderatorKey: string, caseId: string) {
  const claim = await docket.http().post('/v1/queue/claim').set(bearer(moderatorKey)).send({});
  expect(claim.body.id).toBe(caseId);
  const decided = await docket.http().post(`/v1/cases/${caseId}/decision`).set(bearer(moderatorKey)).send(REMOVE);
  expect(decided.status).toBe(200);
  return decided.body.decision.id as string;
}

function stuckAlerts(alerts: Receiver, caseId: string) {
  return alerts.received.filter((a) => a.body.type === 'case.stuck' && a.body.caseId === caseId);
}

describe('the reconciler', () => {
  let docket: Docket;
  let keys: Keys;
  let alerts: Receiver;
  let platform: Receiver;
  let reconciler: Reconciler;

  beforeAll(async () => {
    [alerts, platform] = await Promise.all([Receiver.start(), Receiver.start()]);
    docket = await startDocket({
      worker: true,
      // The platform's URL is not set: removals wait, as in a deployment that forgot it.
      env: { RECONCILE_INTERVAL_MS: '0', STUCK_AFTER_SECONDS: String(STUCK_AFTER_SECONDS), ALERT_WEBHOOK_URL: alerts.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET },
    });
    keys = await reviewKeys(docket);
    reconciler = docket.fromWorker(Reconciler);
  });
  afterEach(() => docket.clock.real());
  afterAll(async () => {
    await docket.close();
    await Promise.all([alerts.close(), platform.close()]);
  });

  it('fires a warning and a breach whose timers Redis forgot at the next pass, each once, and the late timer finds nothing to do', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'We ride at dawn and burn their houses.' });
    const deadlines = new Queue('deadlines', { connection: { url: docket.config.REDIS_URL }, prefix: docket.config.QUEUE_PREFIX });
    try {
      await waitFor('the timers to reach Redis', async () => (await deadlines.getJobCounts('delayed')).delayed >= 2);
      await deadlines.obliterate({ force: true });
    } finally {
      await deadlines.close();
    }

    docket.clock.set(new Date(ms(filed.dueAt) - 1000));
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, warning: 1, breach: 0 });
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, warning: 0, breach: 0 });
    expect(await auditCount(docket.db, filed.caseId, 'case.deadline_warning')).toBe(1);
    await waitFor('the warning alert', () => alerts.received.find((a) => a.body.type === 'deadline.warning' && a.body.caseId === filed.caseId));
    // The timer job, had Redis kept it, arrives after the reconciler: it finds the warning given.
    expect(await docket.fromWorker(DeadlineAlarms).warn({ caseId: filed.caseId, dueAt: filed.dueAt })).toBe('already');

    docket.clock.set(new Date(ms(filed.dueAt) + 1));
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, breach: 1 });
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, breach: 0 });
    expect(await caseRow(docket.db, filed.caseId)).toMatchObject({ state: 'queued', tier: 'senior', breached_at: new Date(filed.dueAt) });
    expect(await auditCount(docket.db, filed.caseId, 'case.breached')).toBe(1);
    expect(await docket.fromWorker(DeadlineAlarms).breach({ caseId: filed.caseId, dueAt: filed.dueAt })).toBe('already');
    await waitFor('the breach alert', () => alerts.received.find((a) => a.body.type === 'deadline.breached' && a.body.caseId === filed.caseId));
    expect(alerts.received.filter((a) => a.body.caseId === filed.caseId).map((a) => a.body.type).sort()).toEqual(['deadline.breached', 'deadline.warning']);
  });

  it('triages a case whose triage job was lost once it has been received longer than STUCK_AFTER_SECONDS, and alerts once', async () => {
    // The clock stands still until the test moves it: a slow worker start cannot make the case stuck early.
    docket.clock.set(new Date());
    await docket.stopWorker();
    const filed = await docket.http().post('/v1/reports').set(bearer(keys.user)).send(notice({ specification: [] }, { text: 'Meet at the square at noon.' }));
    expect(filed.status).toBe(202);
    // Relayed to a Redis that then lost it: neither PostgreSQL's outbox nor Redis holds the triage job.
    expect((await docket.db.query(`DELETE FROM outbox WHERE queue = 'triage'`)).rowCount).toBeGreaterThan(0);
    await docket.startWorker();
    reconciler = docket.fromWorker(Reconciler);

    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, triage: 0 });
    expect((await caseRow(docket.db, filed.body.caseId)).state).toBe('received');

    docket.clock.advance(PAST_STUCK_MS);
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, triage: 1 });
    await waitFor('the case to be triaged', async () => (await caseRow(docket.db, filed.body.caseId)).state === 'queued');
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, triage: 0 });
    expect(await auditCount(docket.db, filed.body.caseId, 'case.triage_redriven')).toBe(1);
    expect(await auditCount(docket.db, filed.body.caseId, 'case.queued')).toBe(1);
    const alert = await waitFor('the stuck alert', () => stuckAlerts(alerts, filed.body.caseId)[0]);
    expect(alert.body).toMatchObject({ type: 'case.stuck', caseId: filed.body.caseId, details: { state: 'received', redriven: true } });
    expect(docket.fromWorker(ProcessMetrics).registry.getSingleMetric('docket_reconciled_total')).toBeDefined();
    expect(await metric(docket, 'docket_reconciled_total', 'triage')).toBeGreaterThanOrEqual(1);
  });

  it('leaves a removal waiting while PLATFORM_WEBHOOK_URL is unset (alerted once), and sends it once when the URL is set', async () => {
    const filed = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'Storm the building tomorrow, bring rifles.' });
    const decisionId = await claimAndRemove(docket, keys.moderator, filed.caseId);
    await waitFor('the removal order to find no platform', async () =>
      (await auditCount(docket.db, filed.caseId, 'case.decided')) === 1 && (await docket.db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n === 0);
    docket.clock.advance(PAST_STUCK_MS);

    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, enforcement: 0 });
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, enforcement: 0 });
    expect((await caseRow(docket.db, filed.caseId)).state).toBe('removing');
    const alert = await waitFor('the stuck alert', () => stuckAlerts(alerts, filed.caseId)[0]);
    expect(alert.body.details).toMatchObject({ state: 'removing', redriven: false, decisionId });
    expect((await docket.app.get(MetricsService).scrape()).body).toContain('docket_cases_stuck{state="removing"} 1');

    // The operator sets the platform's URL (and restarts the worker; the reconciler reads it from its config).
    const config = docket.fromWorker(AppConfig);
    config.PLATFORM_WEBHOOK_URL = platform.url;
    config.PLATFORM_WEBHOOK_SECRET = 'platform-secret-0123456789';
    try {
      expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, enforcement: 1 });
      await waitFor('the removal', async () => (await caseRow(docket.db, filed.caseId)).state === 'removed');
      expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, enforcement: 0 });
    } finally {
      config.PLATFORM_WEBHOOK_URL = undefined;
    }
    expect(platform.received.filter((r) => r.body.caseId === filed.caseId).map((r) => r.headers['idempotency-key'])).toEqual([decisionId]);
    expect(await auditCount(docket.db, filed.caseId, 'case.enforcement_redriven')).toBe(1);
    expect(await auditCount(docket.db, filed.caseId, 'case.removed')).toBe(1);
    expect(stuckAlerts(alerts, filed.caseId)).toHaveLength(1);
  });

  it('logs and counts once a case it cannot repair (removing with no removal decision), and repairs the rest', async () => {
    const good = await fileQueued(docket, keys.provider, keys.moderator, {}, { text: 'Hang them from the lamp posts.' });
    // A broken row, as a bad restore could leave: removing, with no removal decision (on a post of its own: one open case per post).
    const { rows: [bad] } = await docket.db.query(
      `WITH p AS (INSERT INTO posts SELECT (jsonb_populate_record(NULL::posts, to_jsonb(p) || jsonb_build_object('id', p.id || '-broken'))).*
                    FROM posts p JOIN cases c ON c.post_id = p.id WHERE c.id = $1 RETURNING id)
       INSERT INTO cases SELECT (jsonb_populate_record(NULL::cases, to_jsonb(c) || jsonb_build_object(
                'id', gen_random_uuid(), 'post_id', (SELECT id FROM p), 'state', 'removing', 'warn_at', NULL, 'breached_at', c.due_at,
                'updated_at', now() - interval '1 hour'))).*
         FROM cases c WHERE c.id = $1 RETURNING id`, [good.caseId]);
    const before = await metric(docket, 'docket_reconcile_unrepairable_total', 'enforcement');
    const config = docket.fromWorker(AppConfig);
    config.PLATFORM_WEBHOOK_URL = platform.url;
    try {
      docket.clock.set(new Date(ms(good.dueAt) + 1));
      expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, breach: 1 });
      expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true });
    } finally {
      config.PLATFORM_WEBHOOK_URL = undefined;
    }
    expect(await metric(docket, 'docket_reconcile_unrepairable_total', 'enforcement')).toBe(before + 1);
    expect((await caseRow(docket.db, good.caseId)).breached_at).not.toBeNull();
    expect((await caseRow(docket.db, bad.id)).state).toBe('removing');
  });

  it('runs again an own-initiative scan whose job was lost', async () => {
    const platformKey = (await createPrincipal(docket, { role: 'platform' })).apiKey;
    docket.clock.set(new Date());
    await docket.stopWorker();
    const scan = await submitScan(docket, platformKey, [{ id: `scan-${Date.now()}`, text: 'Burn down the town hall tonight, all of you.' }]);
    expect((await docket.db.query(`DELETE FROM outbox WHERE queue = 'scans'`)).rowCount).toBe(1);
    await docket.startWorker();
    reconciler = docket.fromWorker(Reconciler);
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, scan: 0 });

    docket.clock.advance(PAST_STUCK_MS);
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, scan: 1 });
    const done = await scanDone(docket, platformKey, scan.scanId);
    expect(done).toMatchObject({ status: 'done', scannedCount: 1 });
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true, scan: 0 });
  });

  it('runs one pass at a time: a worker finding another in a pass does nothing', async () => {
    const client = await docket.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock($1)`, [0x646f636b]);
      expect(await reconciler.reconcileOnce()).toEqual({ ran: false, more: false });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await reconciler.reconcileOnce()).toMatchObject({ ran: true });
  });
});

/** A counter's value for one `kind` in the worker's own registry (0 when never incremented). */
async function metric(docket: Docket, name: string, kind: string): Promise<number> {
  const found = docket.fromWorker(ProcessMetrics).registry.getSingleMetric(name);
  if (!found) return 0;
  const { values } = await found.get();
  return values.find((v) => v.labels.kind === kind)?.value ?? 0;
}
