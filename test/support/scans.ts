import { Docket, bearer } from './docket';
import { waitFor } from './wait-for';
import type { ScanView } from '@docket/triage';

/** A scan as GET /v1/posts/scans/{id} shows it: the service's own view. */
export type { ScanView } from '@docket/triage';

/** Submits a scan (expecting 202 and its Location); returns the receipt. */
export async function submitScan(docket: Docket, apiKey: string, posts: object[]): Promise<{ scanId: string; location: string; postCount: number }> {
  const res = await docket.http().post('/v1/posts/scan').set(bearer(apiKey)).send({ posts });
  if (res.status !== 202) throw new Error(`scan answered ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, location: res.headers.location };
}

/** Reads the scan back until it is done (a worker must be running), within `timeoutMs`. */
export function scanDone(docket: Docket, apiKey: string, scanId: string, timeoutMs = 15_000): Promise<ScanView> {
  return waitFor(`scan ${scanId} to be done`, async () => {
    const res = await docket.http().get(`/v1/posts/scans/${scanId}`).set(bearer(apiKey));
    if (res.status !== 200) throw new Error(`GET scan answered ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status === 'failed') throw new Error(`scan ${scanId} failed: ${res.body.error}`);
    return res.body.status === 'done' ? (res.body as ScanView) : undefined;
  }, timeoutMs, 50);
}

/** Submits a scan and waits for its results. */
export async function scan(docket: Docket, apiKey: string, posts: object[]): Promise<ScanView> {
  const { scanId } = await submitScan(docket, apiKey, posts);
  return scanDone(docket, apiKey, scanId);
}
