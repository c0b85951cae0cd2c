import { Docket, bearer, createPrincipal } from './docket';
import { notice } from './notices';
import { waitFor } from './wait-for';

export interface Keys {
  provider: string;
  user: string;
  moderator: string;
  moderator2: string;
  senior: string;
}

export async function reviewKeys(docket: Docket): Promise<Keys> {
  const [provider, user, moderator, moderator2, senior] = await Promise.all([
    createPrincipal(docket, { role: 'reporter', kind: 'hosting_provider' }),
    createPrincipal(docket, { role: 'reporter', kind: 'user' }),
    createPrincipal(docket, { role: 'moderator', name: 'moderator one' }),
    createPrincipal(docket, { role: 'moderator', name: 'moderator two' }),
    createPrincipal(docket, { role: 'senior' }),
  ]);
  return { provider: provider.apiKey, user: user.apiKey, moderator: moderator.apiKey, moderator2: moderator2.apiKey, senior: senior.apiKey };
}

/** Files a notice and waits until triage has put its case in the queue; returns the receipt. */
export async function fileQueued(docket: Docket, reporterKey: string, readerKey: string, overrides: Record<string, unknown> = {}, post: Record<string, unknown> = {}) {
  const res = await docket.http().post('/v1/reports').set(bearer(reporterKey)).send(notice(overrides, post));
  if (res.status !== 202) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  await waitFor(`case ${res.body.caseId} to be queued`, async () => {
    const c = await docket.http().get(`/v1/cases/${res.body.caseId}`).set(bearer(readerKey));
    return c.body.queuedAt ? c.body : undefined;
  });
  return res.body as { id: string; caseId: string; dueAt: string; receivedAt: string };
}

export const REMOVE = { action: 'remove', ground: 'illegal_content', legalGround: 'StGB §111 (public incitement to crime)', explanation: 'Calls for the killing of a named person.' };
