import { call } from './api';
import type { CaseDetail } from './types';

// The claim answer is the full case; handing it to the case screen saves fetching it again.
let claimed: CaseDetail | null = null;

/** Leases the most urgent claimable case; null when there is none. The API picks the tier from the role. */
export async function claimCase(): Promise<CaseDetail | null> {
  claimed = await call<CaseDetail>('POST', '/v1/queue/claim', {});
  return claimed;
}

export function takeClaimed(caseId: string): CaseDetail | null {
  if (claimed?.id !== caseId) return null;
  const detail = claimed;
  claimed = null;
  return detail;
}
