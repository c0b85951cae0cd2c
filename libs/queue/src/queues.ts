/** Every queue and the jobs it carries; each job name has exactly one handler. */
export const QUEUES = {
  triage: 'triage',
  enforcement: 'enforcement',
  notify: 'notify',
  deadlines: 'deadlines',
  alerts: 'alerts',
  scans: 'scans',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobSpec {
  queue: QueueName;
  name: string;
  /** Deterministic: the same fact always makes the same id, so a job is queued once. */
  jobId: string;
  data: Record<string, unknown>;
  runAt?: Date | null;
}

export const jobIds = {
  /** One triage job per intake transaction, named after its first report. */
  triage: (firstReportId: string) => `triage-${firstReportId}`,
  /** The reconciler's triage of cases whose job Redis no longer holds: one per pass, named after its first case. */
  triageRedriven: (passAt: Date, firstCaseId: string) => `triage-redriven-${passAt.getTime()}-${firstCaseId}`,
  /** One job per own-initiative scan request. */
  scan: (scanId: string) => `scan-${scanId}`,
};

/** What a triage job carries: the cases one intake transaction opened or joined. */
export interface TriageJobData {
  caseIds: string[];
}

/** What a scan job carries: the stored scan request it runs (posts, texts and requester are in PostgreSQL). */
export interface ScanJobData {
  scanId: string;
}
