/** Every queue and the jobs it carries; each job name has exactly one handler. */
export const QUEUES = {
  triage: 'triage',
  enforcement: 'enforcement',
  notify: 'notify',
  deadlines: 'deadlines',
  alerts: 'alerts',
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
};

/** What a triage job carries: the cases one intake transaction opened or joined. */
export interface TriageJobData {
  caseIds: string[];
}
