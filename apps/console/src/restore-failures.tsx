import { useEffect } from 'preact/hooks';
import { type Appeal, APPELLANT_LABELS } from './appeals';
import { categoryLabel } from './labels';
import { appealPath, Link } from './router';
import { useRetryList } from './retry-list';
import { Timestamp } from './timestamp';

/**
 * Seniors' view of appeals overturned whose restore order the platform never confirmed, each with a retry: the same
 * order (same decision, same Idempotency-Key) sent again. Read again whenever the screen's figures are (`at`).
 */
export function RestoreFailures({ at }: { at: string | null }) {
  const { heading, page, loadError, load, retry } = useRetryList<Appeal>({
    listPath: '/v1/appeals?state=restore_failed', background: true, idOf: (a) => a.id, retryPathOf: (appealId) => `/v1/appeals/${appealId}/retry-restore`,
    retried: 'Restore order sent again',
  });
  useEffect(() => {
    if (at !== null) load();
  }, [at]);

  return (
    <section class="panel" aria-labelledby="restore-failures-title">
      <h2 id="restore-failures-title" tabIndex={-1} ref={heading}>Restore failures</h2>
      {loadError && <p class="refresh-error">Could not load the restore failures: {loadError}</p>}
      {page && page.items.length === 0 && <p>None</p>}
      {page && page.items.length > 0 && (
        <table class="failures" aria-labelledby="restore-failures-title">
          <thead>
            <tr>
              <th scope="col">Appeal</th>
              <th scope="col">Category</th>
              <th scope="col">Appellant</th>
              <th scope="col">Overturned</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((appeal) => (
              <tr key={appeal.id}>
                <td id={`restore-${appeal.id}`}>
                  <Link href={appealPath(appeal.id)}>Appeal {appeal.id.slice(0, 8)}</Link> <span class="muted">case {appeal.caseId.slice(0, 8)}</span>
                </td>
                <td>{categoryLabel(appeal.category)}</td>
                <td>{APPELLANT_LABELS[appeal.appellant] ?? appeal.appellant}</td>
                <td>{appeal.decidedAt ? <Timestamp iso={appeal.decidedAt} /> : '—'}</td>
                <td>
                  <button type="button" aria-describedby={`restore-${appeal.id}`} onClick={() => retry(appeal.id)}>
                    Retry restore
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
