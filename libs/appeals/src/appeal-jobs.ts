import { JobSpec, QUEUES } from '@docket/queue';

export const RESTORE_JOB = 'content.restore';
export const APPEAL_RESOLVED_JOB = 'appeal.resolved';

export interface RestoreJobData {
  appealId: string;
  decisionId: string;
}

export interface AppealResolvedJobData {
  appealId: string;
}

/** The order that puts a wrongly removed post back: on the enforcement queue, keyed by the overturning decision. */
export const restoreOrderJob = (appealId: string, decisionId: string, retry = 0): JobSpec => ({
  queue: QUEUES.enforcement, name: RESTORE_JOB, jobId: retry === 0 ? `restore-${decisionId}` : `restore-${decisionId}-retry-${retry}`,
  data: { appealId, decisionId } satisfies RestoreJobData,
});

/** The reconciler's restore order for an appeal whose job Redis no longer holds: the same decision and key. */
export const redrivenRestoreOrderJob = (appealId: string, decisionId: string, passAt: Date): JobSpec => ({
  ...restoreOrderJob(appealId, decisionId), jobId: `restore-${decisionId}-redriven-${passAt.getTime()}`,
});

/** The appellant's `appeal.resolved` callback: one per appeal. */
export const appealResolvedJob = (appealId: string): JobSpec => ({
  queue: QUEUES.notify, name: APPEAL_RESOLVED_JOB, jobId: `appeal-resolved-${appealId}`, data: { appealId } satisfies AppealResolvedJobData,
});
