import type { ReporterKind, Role } from '@docket/database';

/** The authenticated caller of a request or the actor of a job. */
export interface Principal {
  id: string | null;
  name: string;
  role: Role;
  kind: ReporterKind | null;
  /** A reporter's suspension (DSA Art. 23): its notices are refused until `until`. Absent for everyone else. */
  suspension?: Suspension | null;
}

export interface Suspension {
  until: Date;
  reason: string;
}

/** The suspension in force at `now`, if any: one whose end has passed no longer counts, with no job to lift it. */
export function suspensionAt(p: Principal, now: Date): Suspension | null {
  return p.suspension && p.suspension.until > now ? p.suspension : null;
}

export const BOOTSTRAP_ADMIN: Principal = { id: null, name: 'bootstrap admin (ADMIN_API_KEY)', role: 'admin', kind: null };
export const SYSTEM: Principal = { id: null, name: 'docket', role: 'admin', kind: null };
