import type { ReporterKind, Role } from '@docket/database';

/** The authenticated caller of a request or the actor of a job. */
export interface Principal {
  id: string | null;
  name: string;
  role: Role;
  kind: ReporterKind | null;
}

export const BOOTSTRAP_ADMIN: Principal = { id: null, name: 'bootstrap admin (ADMIN_API_KEY)', role: 'admin', kind: null };
export const SYSTEM: Principal = { id: null, name: 'docket', role: 'admin', kind: null };
