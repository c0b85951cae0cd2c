import { useEffect } from 'preact/hooks';
import { categoryLabel } from './labels';
import { useRetryList } from './retry-list';
import { Timestamp } from './timestamp';
import type { RemovalFailure } from './types';

/** Seniors' view of removals the platform did not confirm, each with the platform's last answer and a retry. */
export function RemovalFailures({ failedCount }: { failedCount: number | null }) {
  const { heading, page, loadError, load, retry } = useRetryList<RemovalFailure>({
    listPath: '/v1/enforcement/failures', idOf: (f) => f.caseId, retryPathOf: (caseId) => `/v1/cases/${caseId}/retry-enforcement`,
    retried: 'Removal order sent again', reloadAfterRetry: true,
  });
  // The overview polls the failure count; the list is fetched again only when that count changes.
  useEffect(() => {
    if (failedCount !== null) load();
  }, [failedCount]);

  return (
    <section class="panel" aria-labelledby="failures-title">
      <h2 id="failures-title" tabIndex={-1} ref={heading}>Removal failures</h2>
      {loadError && <p class="refresh-error">Could not load the removal failures: {loadError}</p>}
      {page && page.items.length === 0 && <p>None</p>}
      {page && page.items.length > 0 && (
        <table class="failures" aria-labelledby="failures-title">
          <thead>
            <tr>
              <th scope="col">Post</th>
              <th scope="col">Category</th>
              <th scope="col">Decided</th>
              <th scope="col">Attempts</th>
              <th scope="col">Platform's last answer</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((failure) => (
              <tr key={failure.caseId}>
                <td id={`failure-${failure.caseId}`}>{failure.postId}</td>
                <td>{categoryLabel(failure.category)}</td>
                <td><Timestamp iso={failure.decidedAt} /></td>
                <td>{failure.attempts}</td>
                <td class="last-error">{platformAnswer(failure.lastError)}</td>
                <td>
                  <button type="button" aria-describedby={`failure-${failure.caseId}`} onClick={() => retry(failure.caseId)}>
                    Retry removal
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.nextCursor && <p class="muted">More failures exist than are listed here; retry these to see the rest.</p>}
    </section>
  );
}

/** "POST https://platform/hook answered 500" → "answered 500": the webhook address is configuration, not news. */
function platformAnswer(lastError: string | null): string {
  if (!lastError) return '—';
  return lastError.replace(/^POST \S+ /, '');
}
