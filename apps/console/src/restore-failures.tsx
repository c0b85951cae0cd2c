import { useEffect, useRef, useState } from 'preact/hooks';
import { call, describeError, get, isSessionEnd } from './api';
import { type Appeal, APPELLANT_LABELS } from './appeals';
import { useConsole } from './console-context';
import { categoryLabel } from './labels';
import { appealPath, Link } from './router';
import { Timestamp } from './timestamp';
import type { Page } from './types';

/**
 * Seniors' view of appeals overturned whose restore order the platform never confirmed, each with a retry: the same
 * order (same decision, same Idempotency-Key) sent again. Read again whenever the screen's figures are (`at`).
 */
export function RestoreFailures({ at }: { at: string | null }) {
  const { announce, clearNotices, reportError } = useConsole();
  const heading = useRef<HTMLHeadingElement>(null);
  const [page, setPage] = useState<Page<Appeal> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // A guard rather than a disabled button: disabling the focused button would drop the focus to <body>.
  const retrying = useRef(false);

  const load = () => {
    get<Page<Appeal>>('/v1/appeals?state=restore_failed', { background: true }).then(
      (next) => {
        setPage(next);
        setLoadError(null);
      },
      (err) => {
        if (!isSessionEnd(err)) setLoadError(describeError(err));
      },
    );
  };
  useEffect(() => {
    if (at !== null) load();
  }, [at]);

  const retry = async (appealId: string) => {
    if (retrying.current) return;
    retrying.current = true;
    clearNotices();
    try {
      await call('POST', `/v1/appeals/${appealId}/retry-restore`);
      announce('Restore order sent again');
      setPage((current) => current && { ...current, items: current.items.filter((item) => item.id !== appealId) });
      // Its row (and button) are gone: focus goes to the section rather than to <body>.
      heading.current?.focus();
    } catch (err) {
      reportError(err);
    } finally {
      retrying.current = false;
    }
  };

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
