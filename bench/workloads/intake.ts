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
  return cannon({
    url: urls,
    connections,
    duration: seconds,
    requests: [{
      method: 'POST',
      path: '/v1/reports',
      headers: jsonHeaders(key),
      setupRequest: (req) => ({ ...req, body: JSON.stringify(notice(ids.next(), n++)) }),
    }],
  });
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
  return cannon({
    url: urls,
    connections,
    duration: seconds,
    requests: [{
      method: 'POST',
      path: '/v1/reports/batch',
      headers: jsonHeaders(key),
      setupRequest: (req) => {
        let body = parts[0];
        for (let i = 1; i < parts.length; i++) {
          // The id appears twice per notice (post.id and inside post.url, mediaUrls): same post, same id.
          if ((i - 1) % 3 === 0) body += ids.next();
          else body += ids.peekLast();
          body += parts[i];
        }
        return { ...req, body };
      },
    }],
  });
}
