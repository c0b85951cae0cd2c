import { useEffect, useState } from 'preact/hooks';
import { describeError, get, isSessionEnd } from './api';
import { DecisionSummary } from './decision-summary';
import { categoryLabel, STATE_LABELS } from './labels';
import { Timestamp } from './timestamp';
import type { EarlierCase, Page } from './types';

/** The post's other cases, newest first: what colleagues decided before, and why. */
export function CaseHistory({ caseId }: { caseId: string }) {
  const [items, setItems] = useState<EarlierCase[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<Page<EarlierCase>>(`/v1/cases/${encodeURIComponent(caseId)}/history`).then(
      (page) => setItems(page.items),
      (err) => {
        if (!isSessionEnd(err)) setError(describeError(err));
      },
    );
  }, [caseId]);

  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title">Earlier cases of this post</h2>
      {error && <p class="refresh-error">Could not load them: {error}</p>}
      {items && items.length === 0 && <p>None</p>}
      {items && items.length > 0 && (
        <ol class="history">
          {items.map((item) => (
            <li key={item.id}>
              <p>
                <strong>{STATE_LABELS[item.state] ?? item.state}</strong> · {categoryLabel(item.category)} · reported <Timestamp iso={item.firstReportedAt} />
                {item.decidedAt && <> · decided <Timestamp iso={item.decidedAt} /></>}
                {item.removedAt && <> · removed <Timestamp iso={item.removedAt} /></>}
              </p>
              {item.decision && <DecisionSummary decision={item.decision} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
