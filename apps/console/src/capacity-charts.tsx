// The Capacity page's charts: plain SVG drawn from the figures, coloured by classes (the console's CSP allows no
// inline style). Each is an image with a text alternative; the table beside it holds the same figures.
import { formatShare, type StaffingReport } from './capacity';

export interface Bar {
  /** Under the bar, on two lines ("Tue", "1 Dec"); the first names it in the text alternative. */
  label: [string, string];
  /** null: nothing to draw (shown as "—"). */
  value: number | null;
  /** Over the bar ("12", "97.5%"). */
  text: string;
  /** Drawn in the late colour (below the target). */
  low?: boolean;
}

const BAR_W = 420;
const BAR_H = 170;
const BAR_TOP = 20;
const BAR_BOTTOM = 40;

/** A bar per day, its value written over it; `threshold` draws a dashed line across (the target: the caption names it). */
export function BarChart({ name, bars, max, threshold }: { name: string; bars: Bar[]; max: number; threshold?: { value: number; label: string } }) {
  const plotH = BAR_H - BAR_TOP - BAR_BOTTOM;
  const slot = BAR_W / Math.max(1, bars.length);
  const y = (v: number) => BAR_TOP + plotH - (max > 0 ? (v / max) * plotH : 0);
  const described = `${name}${threshold ? ` (${threshold.label})` : ''}: ${bars.map((b) => `${b.label.join(' ')} ${b.value === null ? 'none' : b.text}`).join(', ')}.`;
  return (
    <svg class="chart bar-chart" viewBox={`0 0 ${BAR_W} ${BAR_H}`} role="img" aria-label={described}>
      <line class="axis" x1={0} x2={BAR_W} y1={y(0)} y2={y(0)} />
      {bars.map((bar, i) => {
        const cx = slot * i + slot / 2;
        const top = bar.value === null ? y(0) : y(bar.value);
        return (
          <g key={bar.label.join(' ')}>
            {bar.value !== null && bar.value > 0 && (
              <rect class={bar.low ? 'bar low' : 'bar'} x={cx - slot * 0.3} width={slot * 0.6} y={top} height={y(0) - top} />
            )}
            <text class="bar-value" x={cx} y={top - 5} text-anchor="middle">{bar.value === null ? '—' : bar.text}</text>
            <text class="bar-label" x={cx} y={BAR_H - 22} text-anchor="middle">{bar.label[0]}</text>
            <text class="bar-label" x={cx} y={BAR_H - 6} text-anchor="middle">{bar.label[1]}</text>
          </g>
        );
      })}
      {threshold && <line class="target-line" x1={0} x2={BAR_W} y1={y(threshold.value)} y2={y(threshold.value)} />}
    </svg>
  );
}

const K_W = 560;
const K_H = 250;
const K_LEFT = 46;
const K_RIGHT = 16;
const K_TOP = 14;
const K_BOTTOM = 40;

/**
 * The K curve: the share of deadlines met (0–100%) for 1…n moderators, in docket's claim order (solid) and oldest
 * first (dashed), the target as a line across, and the fewest moderators meeting it circled.
 */
export function KCurveChart({ report, fifoNeeded }: { report: StaffingReport; fifoNeeded: number | null }) {
  const rows = report.rows;
  const n = rows.length;
  const plotW = K_W - K_LEFT - K_RIGHT;
  const plotH = K_H - K_TOP - K_BOTTOM;
  const x = (k: number) => K_LEFT + (n <= 1 ? plotW / 2 : ((k - rows[0].moderators) / (rows[n - 1].moderators - rows[0].moderators)) * plotW);
  const y = (share: number) => K_TOP + (1 - share) * plotH;
  const path = (share: (i: number) => number) => rows.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(r.moderators).toFixed(1)},${y(share(i)).toFixed(1)}`).join(' ');
  const every = Math.max(1, Math.ceil(n / 12));
  const needed = rows.find((r) => r.moderators === report.moderatorsNeeded);
  const described =
    `Deadlines met by number of moderators. Docket's claim order: ${rows.map((r) => `${r.moderators}: ${formatShare(r.withinDeadline)}`).join(', ')}. ` +
    `Oldest first: ${rows.map((r) => `${r.moderators}: ${formatShare(r.fifo.withinDeadline)}`).join(', ')}. ` +
    (needed ? `${needed.moderators} moderators meet the ${formatShare(report.target)} target` : `No number shown meets the ${formatShare(report.target)} target`) +
    (fifoNeeded !== null ? `; oldest first needs ${fifoNeeded}.` : '; oldest first meets it with none shown.');
  return (
    <svg class="chart k-chart" viewBox={`0 0 ${K_W} ${K_H}`} role="img" aria-label={described}>
      {[0, 0.25, 0.5, 0.75, 1].map((s) => (
        <g key={s}>
          <line class="grid" x1={K_LEFT} x2={K_W - K_RIGHT} y1={y(s)} y2={y(s)} />
          <text class="tick" x={K_LEFT - 6} y={y(s) + 4} text-anchor="end">{s * 100}%</text>
        </g>
      ))}
      {rows.map((r, i) => (i % every === 0 || r.moderators === report.moderatorsNeeded) && (
        <text key={r.moderators} class="tick" x={x(r.moderators)} y={K_TOP + plotH + 16} text-anchor="middle">{r.moderators}</text>
      ))}
      <text class="axis-title" x={K_LEFT + plotW / 2} y={K_H - 4} text-anchor="middle">Moderators</text>
      <line class="target-line" x1={K_LEFT} x2={K_W - K_RIGHT} y1={y(report.target)} y2={y(report.target)} />
      <text class="target-label" x={K_W - K_RIGHT} y={y(report.target) + 14} text-anchor="end">target {formatShare(report.target)}</text>
      <path class="k-line fifo" d={path((i) => rows[i].fifo.withinDeadline)} />
      <path class="k-line docket" d={path((i) => rows[i].withinDeadline)} />
      {rows.map((r) => (
        <g key={r.moderators}>
          <circle class="k-point fifo" cx={x(r.moderators)} cy={y(r.fifo.withinDeadline)} r={3} />
          <circle class="k-point docket" cx={x(r.moderators)} cy={y(r.withinDeadline)} r={3.5} />
        </g>
      ))}
      {needed && (
        <g>
          <circle class="k-needed" cx={x(needed.moderators)} cy={y(needed.withinDeadline)} r={9} />
          <text class="k-needed-label" x={x(needed.moderators)} y={y(needed.withinDeadline) + 26} text-anchor="middle">{needed.moderators} needed</text>
        </g>
      )}
    </svg>
  );
}
