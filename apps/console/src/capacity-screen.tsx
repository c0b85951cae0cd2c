import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError, get, isSessionEnd, serverNow } from './api';
import {
  type CapacityStatus, type DayFigures, type DaysReport, type StaffingReport, type StaffingFigures,
  DAYS, dayParts, dayShare, fifoNeeded, formatDay, formatDueIn, formatShare, periodStart, TARGET,
} from './capacity';
import { BarChart, KCurveChart } from './capacity-charts';
import { useInterval, useNow } from './clock';
import { useConsole } from './console-context';
import { useFocusOnMount } from './focus';
import { useShortcuts } from './keyboard';
import { CAPACITY_PATH, casePath, Link, navigate, QUEUE_PATH } from './router';
import { formatClock, formatDateTime, formatDuration, plural } from './time';
import type { Principal } from './types';

/** The alarm is read again this often (it changes once a CAPACITY_INTERVAL_MS, a minute by default). */
const ALARM_REFRESH_MS = 30_000;

/** Seniors and admins staff the queue; moderators have no Capacity page. */
export const seesCapacity = (principal: Principal) => principal.role !== 'moderator';

/** On the queue screen, for seniors and admins: the way to the Capacity page (p, or this link), red while the alarm is raised. */
export function CapacityLink() {
  const [status, setStatus] = useState<CapacityStatus | null>(null);
  const refresh = () => {
    // Quietly: the link works without its figure.
    get<CapacityStatus>('/v1/capacity', { background: true }).then(setStatus, () => {});
  };
  useEffect(refresh, []);
  useInterval(refresh, ALARM_REFRESH_MS);
  const raised = status?.state === 'insufficient';
  return (
    <span class={raised ? 'keyed capacity-link raised' : 'keyed capacity-link'}>
      <Link href={CAPACITY_PATH} keyshortcuts="p">{raised ? `Capacity · ${plural(status.atRiskCount, 'deadline')} at risk` : 'Capacity'}</Link>
      <kbd aria-hidden="true">p</kbd>
    </span>
  );
}

export function CapacityScreen() {
  const { principal } = useConsole();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  useShortcuts({ Escape: () => navigate(QUEUE_PATH) });
  return (
    <div class="capacity-screen">
      <div class="screen-title">
        <h1 tabIndex={-1} ref={heading}>Capacity</h1>
        <p class="muted back-link"><Link href={QUEUE_PATH}>Back to the queue</Link> <kbd>Esc</kbd></p>
      </div>
      {seesCapacity(principal) ? <CapacityPanels /> : <p class="note">The Capacity page is for seniors and admins.</p>}
    </div>
  );
}

function CapacityPanels() {
  const [status, setStatus] = useState<CapacityStatus | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  // The 7 days end at the server's time of the first answer, so every figure on the page is of the same period.
  const [periodEnd, setPeriodEnd] = useState<string | null>(null);

  const refresh = () => {
    get<CapacityStatus>('/v1/capacity', { background: true }).then(
      (next) => {
        setStatus(next);
        setStatusError(null);
        setPeriodEnd((end) => end ?? next.at);
      },
      (err) => {
        if (isSessionEnd(err)) return;
        setStatusError(describeError(err));
        setPeriodEnd((end) => end ?? new Date(serverNow()).toISOString());
      },
    );
  };
  useEffect(refresh, []);
  useInterval(refresh, ALARM_REFRESH_MS);

  return (
    <>
      <AlarmPanel status={status} error={statusError} />
      {periodEnd && <LastDaysPanel from={periodStart(periodEnd)} to={periodEnd} />}
      {periodEnd && <KCurvePanel from={periodStart(periodEnd)} to={periodEnd} />}
    </>
  );
}

const moderators = (n: number) => plural(n, 'moderator');

function AlarmPanel({ status, error }: { status: CapacityStatus | null; error: string | null }) {
  const now = useNow(1000);
  return (
    <section class="panel alarm-panel" aria-labelledby="alarm-title">
      <h2 id="alarm-title">Live capacity alarm</h2>
      {error && <p class="refresh-error">Could not read the alarm: {error}</p>}
      {!status && !error && <p class="muted">Loading…</p>}
      {status && <AlarmState status={status} now={now} />}
    </section>
  );
}

/** What the alarm says, the headline first: it is announced again (politely) when a later reading changes it. */
function AlarmState({ status, now }: { status: CapacityStatus; now: number }) {
  if (status.state === 'unknown') {
    return (
      <p class="alarm-banner" data-state="unknown" aria-live="polite">
        No projection yet. A worker projects the queue every minute, from a minute after it starts; if this stays, ask whoever runs docket whether
        the capacity alarm is on (CAPACITY_INTERVAL_MS above 0).
      </p>
    );
  }
  const active = status.moderatorsActive ?? 0;
  const needed = status.moderatorsNeeded;
  const horizon = formatDuration((status.horizonMinutes ?? 0) * 60);
  const insufficient = status.state === 'insufficient';
  const more = needed === null ? null : Math.max(0, needed - active);
  return (
    <>
      <div class="alarm-banner" data-state={status.state}>
        <p class="alarm-headline" aria-live="polite">
          {insufficient
            ? `Not enough moderators: ${plural(status.atRiskCount, 'deadline')} at risk`
            : `Enough moderators: no deadline at risk over the next ${horizon}`}
        </p>
        <dl class="alarm-figures">
          <div>
            <dt>Needed</dt>
            <dd>{needed === null ? 'more than 500' : needed}</dd>
          </div>
          <div>
            <dt>Active now</dt>
            <dd>{active}</dd>
          </div>
          {insufficient && (
            <div>
              <dt>More needed</dt>
              <dd>{more === null ? 'more than 500' : more}</dd>
            </div>
          )}
        </dl>
        {insufficient && (
          <p>
            With {needed === null ? 'more than 500 moderators' : moderators(needed)} working, none of these deadlines would pass over the next {horizon}; {active} {active === 1 ? 'is' : 'are'} working now.
            {status.since && <> Raised at {formatDateTime(status.since)} ({formatDuration((now - Date.parse(status.since)) / 1000)} ago).</>}
          </p>
        )}
      </div>
      {status.stale && status.projectedAt && (
        <p class="stale-note">
          This projection is {formatDuration((Date.parse(status.at) - Date.parse(status.projectedAt)) / 1000)} old: no worker has projected since. Check that a
          worker runs with CAPACITY_INTERVAL_MS above 0.
        </p>
      )}
      {insufficient && <AtRiskTable status={status} now={now} />}
      <dl class="capacity-facts">
        <div>
          <dt>Open cases</dt>
          <dd>{status.backlog ?? '—'}</dd>
        </div>
        <div>
          <dt>Inflow projected</dt>
          <dd>
            {status.inflowPerHour ? `${plural(status.inflowPerHour.projected, 'case')} an hour` : '—'}
            {status.inflowPerHour && <span class="muted fact-detail">recently {status.inflowPerHour.recent}, same hour last week {status.inflowPerHour.lastWeek}</span>}
          </dd>
        </div>
        <div>
          <dt>Median handling time</dt>
          <dd>{status.handlingSecondsMedian === null ? '—' : formatDuration(status.handlingSecondsMedian, true)}</dd>
        </div>
        <div>
          <dt>Seniors active</dt>
          <dd>{status.seniorsActive ?? '—'}</dd>
        </div>
        <div>
          <dt>Breaches projected, next {horizon}</dt>
          <dd class={status.projectedBreaches ? 'late-figure' : undefined}>{status.projectedBreaches ?? '—'}</dd>
        </div>
      </dl>
      <p class="muted updated">
        {status.projectedAt && `projected at ${formatClock(new Date(status.projectedAt))}`} · read at {formatClock(new Date(status.at))}
      </p>
    </>
  );
}

/** The first ones at once; all (up to the 100 the alarm names) on request. */
const AT_RISK_SHOWN = 10;

function AtRiskTable({ status, now }: { status: CapacityStatus; now: number }) {
  const [all, setAll] = useState(false);
  if (status.atRisk.length === 0) return null;
  const shown = all ? status.atRisk : status.atRisk.slice(0, AT_RISK_SHOWN);
  const unlisted = status.atRiskCount - status.atRisk.length;
  return (
    <div class="at-risk">
      <table class="figures">
        <caption>Deadlines at risk, earliest first</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Deadline</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.caseId}>
              <td><Link href={casePath(c.caseId)}>Case {c.caseId.slice(0, 8)}</Link></td>
              <td>{formatDateTime(c.dueAt)}</td>
              <td class={Date.parse(c.dueAt) <= now ? 'late-figure' : undefined}>{formatDueIn(Date.parse(c.dueAt) - now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status.atRisk.length > AT_RISK_SHOWN && (
        <button type="button" class="show-all" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `Show the first ${AT_RISK_SHOWN}` : `Show all ${status.atRisk.length}`}
        </button>
      )}
      {unlisted > 0 && all && <p class="muted">and {plural(unlisted, 'more case')} at risk, with later deadlines</p>}
    </div>
  );
}

/** A report read once per visit: each read is an audited export, so the page does not poll it. */
function useReport<T>(path: string): { report: T | null; error: ApiError | string | null } {
  const [report, setReport] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  useEffect(() => {
    get<T>(path).then(setReport, (err) => {
      if (isSessionEnd(err)) return;
      setError(err instanceof ApiError ? err : describeError(err));
    });
  }, [path]);
  return { report, error };
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

function LastDaysPanel({ from, to }: { from: string; to: string }) {
  const { report, error } = useReport<DaysReport>(`/v1/audit/response-times?${query({ groupBy: 'day', from, to })}`);
  const days = report?.groups ?? [];
  return (
    <section class="panel" aria-labelledby="days-title">
      <h2 id="days-title">The last {DAYS} days</h2>
      <p class="muted">Per UTC day since {formatDay(from.slice(0, 10))}. Deadlines are counted on the day of the notices; a case still open before its deadline counts for neither kept nor breached.</p>
      {error && <p class="refresh-error">Could not load the days: {typeof error === 'string' ? error : error.message}</p>}
      {!report && !error && <p class="muted">Loading…</p>}
      {report && (
        <>
          <div class="chart-pair">
            <figure>
              <figcaption>Open cases at each day's end</figcaption>
              <BarChart name="Open cases at each day's end" max={Math.max(1, ...days.map((d) => d.backlog))} bars={days.map((d) => ({ label: dayParts(d.key), value: d.backlog, text: String(d.backlog) }))} />
            </figure>
            <figure>
              <figcaption>Deadlines kept <span class="muted">(dashed: the {formatShare(TARGET)} target)</span></figcaption>
              <BarChart
                name="Deadlines kept"
                max={1}
                threshold={{ value: TARGET, label: `the dashed line is the ${formatShare(TARGET)} target` }}
                bars={days.map((d) => {
                  const share = dayShare(d);
                  return { label: dayParts(d.key), value: share, text: share === null ? '—' : formatShare(share), low: share !== null && share < TARGET };
                })}
              />
            </figure>
          </div>
          <DaysTable days={days} />
        </>
      )}
    </section>
  );
}

function DaysTable({ days }: { days: DayFigures[] }) {
  return (
    <table class="figures days">
      <caption class="visually-hidden">The last {DAYS} days, per UTC day</caption>
      <thead>
        <tr>
          <th scope="col">Day (UTC)</th>
          <th scope="col">Inflow</th>
          <th scope="col">Closed</th>
          <th scope="col">Open at day's end</th>
          <th scope="col">Deadlines kept</th>
          <th scope="col">Breached</th>
        </tr>
      </thead>
      <tbody>
        {days.map((d, i) => {
          const share = dayShare(d);
          return (
            <tr key={d.key}>
              <th scope="row">{formatDay(d.key)}{i === days.length - 1 && <span class="muted"> (today, so far)</span>}</th>
              <td>{d.inflow}</td>
              <td>{d.closed}</td>
              <td>{d.backlog}</td>
              <td class={share !== null && share < TARGET ? 'late-figure' : undefined}>
                {share === null ? '—' : formatShare(share)}
                {share !== null && <span class="muted"> ({d.withinDeadline} of {d.withinDeadline + d.breached})</span>}
              </td>
              <td class={d.breached > 0 ? 'late-figure' : undefined}>{d.breached}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function KCurvePanel({ from, to }: { from: string; to: string }) {
  const { report, error } = useReport<StaffingReport>(`/v1/audit/staffing?${query({ from, to, target: String(TARGET) })}`);
  return (
    <section class="panel" aria-labelledby="k-title">
      <h2 id="k-title">How many moderators the last {DAYS} days needed</h2>
      <p class="muted">
        The staffing report: the cases of the last {DAYS} days replayed through docket's queue with their recorded arrivals, deadlines and handling times, for 1, 2, 3… moderators,
        in docket's claim order (earliest deadline first) and oldest first (FIFO).
      </p>
      {!report && !error && <p class="muted">Replaying the last {DAYS} days…</p>}
      {error && <StaffingRefusal error={error} />}
      {report && <KCurve report={report} />}
    </section>
  );
}

/** Too little history (422) or no case at all (400) are answers, said plainly; anything else is an error. */
function StaffingRefusal({ error }: { error: ApiError | string }) {
  if (error instanceof ApiError && (error.status === 422 || error.status === 400)) {
    // The one 400 a 7-day period can get besides a too-large one: no case at all (the API says it of "[from, to)").
    const nothing = error.status === 400 && error.body.errors?.[0]?.path === 'from';
    const text = nothing ? `no case was first reported in the last ${DAYS} days: there is nothing to replay` : error.message;
    return (
      <div class="note staffing-refusal">
        <p><strong>{error.status === 422 ? 'Not enough history for a staffing report yet.' : 'Nothing to replay.'}</strong></p>
        <p>{text.charAt(0).toUpperCase() + text.slice(1)}.</p>
      </div>
    );
  }
  return <p class="refresh-error">Could not load the staffing report: {typeof error === 'string' ? error : error.message}</p>;
}

function KCurve({ report }: { report: StaffingReport }) {
  const fifo = fifoNeeded(report);
  const target = formatShare(report.target);
  const last = report.rows[report.rows.length - 1];
  return (
    <>
      <p class="k-summary">
        {report.moderatorsNeeded !== null
          ? <><strong>{moderators(report.moderatorsNeeded)}</strong> would have kept {target} of the deadlines in docket's claim order; </>
          : <><strong>No number up to {last.moderators}</strong> keeps {target} of the deadlines (the best any number reaches is {formatShare(report.withUnlimitedModerators)}); </>}
        {fifo !== null ? <>oldest first would have needed <strong>{fifo}</strong>.</> : <>oldest first does not reach it with up to {last.moderators}.</>}
        <span class="muted"> {plural(report.cases, 'case')}, {plural(report.decisions, 'measured decision')}{report.seniors > 0 && `, ${plural(report.seniors, 'senior')} on the senior tier`}.</span>
      </p>
      <figure class="k-figure">
        <KCurveChart report={report} fifoNeeded={fifo} />
        <figcaption class="legend">
          <span class="legend-item docket">docket's claim order</span>
          <span class="legend-item fifo">oldest first (FIFO)</span>
          <span class="legend-item target">target {target}</span>
        </figcaption>
      </figure>
      <table class="figures k-table">
        <caption class="visually-hidden">Deadlines kept and time to decision by number of moderators</caption>
        <thead>
          <tr>
            <th scope="col">Moderators</th>
            <th scope="col">Deadlines kept</th>
            <th scope="col">Median</th>
            <th scope="col">p90</th>
            <th scope="col">Worst</th>
            <th scope="col">Peak backlog</th>
            <th scope="col">FIFO: kept</th>
            <th scope="col">FIFO: median</th>
            <th scope="col">FIFO: worst</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => {
            const needed = r.moderators === report.moderatorsNeeded;
            return (
              <tr key={r.moderators} class={needed ? 'needed-row' : undefined}>
                <th scope="row">{r.moderators}{needed && <span class="tag">fewest meeting the target</span>}</th>
                <td class={r.meetsTarget ? undefined : 'late-figure'}>{formatShare(r.withinDeadline)}</td>
                <td>{time(r.p50Seconds)}</td>
                <td>{time(r.p90Seconds)}</td>
                <td>{worst(r)}</td>
                <td>{r.peakBacklog}</td>
                <td class={r.fifo.withinDeadline >= report.target ? undefined : 'late-figure'}>{formatShare(r.fifo.withinDeadline)}</td>
                <td>{time(r.fifo.p50Seconds)}</td>
                <td>{worst(r.fifo)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted">Times run from first report to decision. "Never": cases nobody decided in the replay (they waited on the senior tier, which the period's seniors alone work).</p>
    </>
  );
}

const time = (seconds: number | null) => (seconds === null ? 'never' : formatDuration(seconds));
const worst = (f: StaffingFigures) => (f.worstSeconds === null ? `never (${f.undecided} undecided)` : formatDuration(f.worstSeconds));

