import { NoticeBody, PostIds, notice } from '../notices';
import { LoadResult, cannon, jsonHeaders } from '../load';

/**
 * P1: single notices, `connections` clients, each request about a post no
 * other request names. The body is built per request (setupRequest) from a
 * counter, so no two requests share a post.
 */
export function singleNotices(urls: string[], key: string, connections: number, seconds: number): Promise<LoadResult> {
  const ids = new PostIds();
  let n = 0;
  return posting(urls, key, connections, seconds, '/v1/reports', () => JSON.stringify(notice(ids.next(), n++)));
}

/**
 * P2: batches of `size` notices, distinct posts throughout. Building 500
 * notices per request in the load generator would cost as much CPU as the
 * server spends, so one batch is serialised once as a template and only the
 * post ids are spliced in.
 */
export function batchNotices(urls: string[], key: string, connections: number, size: number, seconds: number): Promise<LoadResult> {
  const ids = new PostIds();
  const MARK = '__POST_ID__';
  const template: NoticeBody[] = Array.from({ length: size }, (_, i) => notice(MARK, i));
  const parts = JSON.stringify({ reports: template }).split(MARK);
  return posting(urls, key, connections, seconds, '/v1/reports/batch', () => {
    let body = parts[0];
    for (let i = 1; i < parts.length; i++) {
      // The id appears twice per notice (post.id and inside post.url, mediaUrls): same post, same id.
      if ((i - 1) % 3 === 0) body += ids.next();
      else body += ids.peekLast();
      body += parts[i];
    }
    return body;
  });
}

/** Closed-loop POSTs of `path` for `seconds`, each request's body made by `body()` as it is sent. */
function posting(urls: string[], key: string, connections: number, seconds: number, path: string, body: () => string): Promise<LoadResult> {
  return cannon({
    url: urls,
    connections,
    duration: seconds,
    requests: [{ method: 'POST', path, headers: jsonHeaders(key), setupRequest: (req) => ({ ...req, body: body() }) }],
  });
}
