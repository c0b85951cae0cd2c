import { Injectable, Logger } from '@nestjs/common';
import { ApiError, Clock, newId } from '@docket/common';
import { ScanStatus, Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { JobSpec, Outbox, QUEUES, jobIds } from '@docket/queue';
import type { PostSnapshot } from '@docket/reports';
import { PostScanService } from './post-scan.service';
import { FlaggedScanPost, ScanRow, ScansRepository } from './scans.repository';

/** Posts classified and written per transaction: a batch holds the scan's lock and its cases' for a few ms only. */
export const SCAN_BATCH = 100;

/** The message a failed scan shows its requester; the cause is in the worker's log, with the scan id. */
export const SCAN_FAILED_MESSAGE = 'the scan could not be completed; the posts scanned before the failure keep their results';

export interface ScanReceipt {
  scanId: string;
  status: 'queued';
  postCount: number;
  requestedAt: string;
}

export interface ScanView {
  scanId: string;
  status: ScanStatus;
  postCount: number;
  scannedCount: number;
  flaggedCount: number;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  flagged: FlaggedScanPost[];
}

export type ScanRunOutcome = { scanId: string; status: ScanStatus | 'missing'; scanned: number };

/** The job that runs a scan: deterministic, so the outbox relay and any re-drive queue it once. */
export function scanJob(scanId: string): JobSpec {
  return { queue: QUEUES.scans, name: 'scan', jobId: jobIds.scan(scanId), data: { scanId } };
}

/** Distinct posts, each as first given. */
export function distinctPosts(posts: PostSnapshot[]): PostSnapshot[] {
  const seen = new Map<string, PostSnapshot>();
  for (const post of posts) if (!seen.has(post.id)) seen.set(post.id, post);
  return [...seen.values()];
}

/**
 * Own-initiative scans, off the API's event loop: the API stores the request with its job in one transaction
 * (the outbox relays it), the worker classifies the posts in batches of SCAN_BATCH, each batch's cases and results
 * in one transaction, and the requester reads the results back.
 */
@Injectable()
export class ScanService {
  private readonly log = new Logger(ScanService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly repo: ScansRepository,
    private readonly scanner: PostScanService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async request(requester: Principal, posts: PostSnapshot[]): Promise<ScanReceipt> {
    const distinct = distinctPosts(posts);
    const scan = { id: newId(), requestedBy: requester.id, requesterRole: requester.role, requestedAt: this.clock.now() };
    await this.tx.run(async (tx) => {
      await this.repo.insert(tx, scan, distinct);
      await this.outbox.add(tx, [scanJob(scan.id)]);
    });
    return { scanId: scan.id, status: 'queued', postCount: distinct.length, requestedAt: scan.requestedAt.toISOString() };
  }

  /** The scan and its flagged posts so far, for its requester and admins; anyone else is told it does not exist. */
  async get(reader: Principal, id: string): Promise<ScanView> {
    const scan = await this.repo.find(this.tx.reader, id);
    if (!scan || (reader.role !== 'admin' && (reader.id === null || scan.requestedBy !== reader.id))) throw ApiError.notFound('scan');
    const flagged = scan.flaggedCount > 0 ? await this.repo.flagged(this.tx.reader, id) : [];
    return toView(scan, flagged);
  }

  /**
   * Runs a stored scan to its end. Safe to run again, or twice at once: each batch takes the scan's lock and
   * writes only posts that have no result yet, so a post opens its case once and its result is written once.
   */
  async run(scanId: string): Promise<ScanRunOutcome> {
    const scan = await this.repo.find(this.tx.reader, scanId);
    if (!scan) return { scanId, status: 'missing', scanned: 0 };
    if (scan.status === 'done' || scan.status === 'failed') return { scanId, status: scan.status, scanned: 0 };
    const actor = { id: scan.requestedBy, role: scan.requesterRole };
    let scanned = 0;
    for (;;) {
      const batch = await this.repo.unscanned(this.tx.reader, scanId, SCAN_BATCH);
      if (batch.length === 0) break;
      // Classify before taking any lock: the rows are held only for the writes.
      const inspected = this.scanner.inspect(batch.map((b) => b.post));
      const positionOf = new Map(batch.map((b) => [b.post.id, b.position]));
      scanned += await this.tx.run(async (tx) => {
        const locked = await this.repo.lock(tx, scanId);
        if (!locked || locked.status === 'done' || locked.status === 'failed') return 0;
        await this.repo.markRunning(tx, scanId, this.clock.now());
        const still = await this.repo.stillUnscanned(tx, scanId, batch.map((b) => b.position));
        const todo = inspected.filter((i) => still.has(positionOf.get(i.post.id)!));
        if (todo.length === 0) return 0;
        const flags = new Map((await this.scanner.flag(tx, actor, todo, locked.requestedAt)).map((f) => [f.postId, f]));
        await this.repo.writeResults(
          tx,
          scanId,
          todo.map((i) => {
            const f = flags.get(i.post.id);
            return { position: positionOf.get(i.post.id)!, flagged: !!f, caseId: f?.caseId ?? null, caseOpened: f?.caseOpened ?? null, signals: f?.signals ?? null };
          }),
          this.clock.now(),
        );
        return todo.length;
      });
      // A scan of a thousand posts is ten batches: let the worker's other jobs in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Under the scan's lock, so the check sees every batch another run committed meanwhile.
    const finished = await this.tx.run(async (tx) => (await this.repo.lock(tx, scanId)) !== undefined && this.repo.finishIfComplete(tx, scanId, this.clock.now()));
    const after = finished ? 'done' : ((await this.repo.find(this.tx.reader, scanId))?.status ?? 'missing');
    return { scanId, status: after, scanned };
  }

  /** The job failed for good: the scan says so; its cause goes to the log, not to the requester. */
  async fail(scanId: string, cause: unknown): Promise<void> {
    this.log.error(`scan ${scanId} failed for good: ${cause instanceof Error ? cause.message : String(cause)}`);
    await this.tx.run((tx) => this.repo.markFailed(tx, scanId, this.clock.now(), SCAN_FAILED_MESSAGE));
  }
}

function toView(scan: ScanRow, flagged: FlaggedScanPost[]): ScanView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    scanId: scan.id,
    status: scan.status,
    postCount: scan.postCount,
    scannedCount: scan.scannedCount,
    flaggedCount: scan.flaggedCount,
    requestedAt: scan.requestedAt.toISOString(),
    startedAt: iso(scan.startedAt),
    finishedAt: iso(scan.finishedAt),
    error: scan.error,
    flagged,
  };
}
