import { categoryLabel, reporterKindLabel, specificationLabel } from './labels';
import { plural } from './time';
import { Timestamp } from './timestamp';
import type { CaseReport } from './types';

export const reportElementId = (index: number) => `report-${index}`;

/** One article per report; j/k (handled by the case screen) move the focus and the selection between them. */
export function ReportsList({ reports, selected, onSelect }: { reports: CaseReport[]; selected: number; onSelect: (index: number) => void }) {
  return (
    <section class="panel reports" aria-labelledby="reports-title">
      <div class="section-head">
        <h2 id="reports-title">Reports</h2>
        <span class="muted">{plural(reports.length, 'report')}</span>
      </div>
      {reports.map((report, i) => (
        <article
          key={report.id}
          id={reportElementId(i)}
          tabIndex={-1}
          class="report"
          aria-current={i === selected ? 'true' : undefined}
          aria-labelledby={`${reportElementId(i)}-title`}
          onClick={() => onSelect(i)}
        >
          <h3 id={`${reportElementId(i)}-title`}>{categoryLabel(report.category)}</h3>
          {report.specification && report.specification.length > 0 && (
            <p class="specifications">{report.specification.map(specificationLabel).join(' · ')}</p>
          )}
          <p class="report-description">{report.description ?? 'No description given.'}</p>
          {/* The reporter's kind only: who reported is not shown to moderators. */}
          <p class="muted">{reporterKindLabel(report.reporterKind)} · received <Timestamp iso={report.receivedAt} /></p>
        </article>
      ))}
    </section>
  );
}
