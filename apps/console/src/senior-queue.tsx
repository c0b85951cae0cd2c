import { useEffect, useState } from 'preact/hooks';
import { describeError, get, isSessionEnd } from './api';
import { useNow } from './clock';
import { categoryLabel, flagLabel } from './labels';
import { casePath, Link } from './router';
import { formatCountdown } from './time';
import type { Page, QueuedCase } from './types';

const SHOWN = 20;

/**
 * Seniors' own tier, in claim order: breached escalations come first because their deadline is earliest. Read
 * again whenever the overview's figures are (`at` changes), so the list and the counts above it agree.
 */
export function SeniorQueue({ at }: { at: string | null }) {
  const now = useNow(1000);
  const [page, setPage] = useState<Page<QueuedCase> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (at === null) return;
    get<Page<QueuedCase>>(`/v1/queue?tier=senior&limit=${SHOWN}`, { background: true }).then(
      (next) => {
        setPage(next);
        setError(null);
      },
      (err) => {
        if (!isSessionEnd(err)) setError(describeError(err));
      },
    );
  }, [at]);

  return (
    <section class="panel" aria-labelledby="senior-queue-title">
      <h2 id="senior-queue-title">Senior queue</h2>
      {error && <p class="refresh-error">Could not load it: {error}</p>}
      {page && page.items.length === 0 && <p>No escalated case is waiting.</p>}
      {page && page.items.length > 0 && (
        <table class="senior-queue">
          <caption class="visually-hidden">Escalated cases waiting, breached first</caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Category</th>
              <th scope="col">Deadline</th>
              <th scope="col">Reports</th>
              <th scope="col">Signals</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((c) => (
              <tr key={c.id}>
                <td><Link href={casePath(c.id)}>Case {c.id.slice(0, 8)}</Link> <span class="muted">post {c.postId}</span></td>
                <td>{categoryLabel(c.category)}</td>
                <td class={c.breached ? 'late-figure' : undefined}>{c.breached ? 'Breached · ' : ''}{formatCountdown(Date.parse(c.dueAt) - now)}</td>
                <td>{c.reportCount}</td>
                <td>{c.flags.length > 0 ? c.flags.map(flagLabel).join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
