/**
 * The replay's chart, as a hand-written SVG (no dependency, opens in any browser): open cases and open cases past
 * their deadline over scenario time, for docket as measured and for the simulator's predictions, with the moments
 * notices were filed in a batch and when those fell due.
 */
export interface ChartSeries {
  label: string;
  colour: string;
  dash?: string;
  /** Scenario seconds and values, in time order; drawn as a step line. */
  points: { t: number; v: number }[];
}

export interface ChartMarker {
  t: number;
  label: string;
}

const W = 960;
const H = 480;
const M = { left: 60, right: 230, top: 50, bottom: 50 };

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** At most `max` points per series, keeping each bucket's highest value so peaks stay visible. */
function thin(points: { t: number; v: number }[], max: number, span: number): { t: number; v: number }[] {
  if (points.length <= max) return points;
  const out: { t: number; v: number }[] = [];
  const bucket = span / max;
  let current: { t: number; v: number } | undefined;
  let index = -1;
  for (const p of points) {
    const i = Math.floor(p.t / bucket);
    if (i !== index) {
      if (current) out.push(current);
      index = i;
      current = { ...p };
    } else if (p.v > current!.v) {
      current!.v = p.v;
    }
  }
  if (current) out.push(current);
  return out;
}

export function chartSvg(title: string, subtitle: string, series: ChartSeries[], markers: ChartMarker[], endSeconds: number): string {
  const span = Math.max(60, endSeconds);
  const top = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.v)));
  const yMax = niceCeiling(top * 1.08);
  const x = (t: number) => M.left + (Math.min(t, span) / span) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${M.left}" y="22" font-size="16" font-weight="bold">${escapeXml(title)}</text>`);
  parts.push(`<text x="${M.left}" y="40" fill="#555">${escapeXml(subtitle)}</text>`);
  // Axes and grid: a tick every 30 scenario minutes (every hour past 8 hours), five on the value axis.
  const step = span > 8 * 3600 ? 3600 : 1800;
  for (let t = 0; t <= span; t += step) {
    parts.push(`<line x1="${x(t)}" y1="${M.top}" x2="${x(t)}" y2="${H - M.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle" fill="#555">${Math.round(t / 60)}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5;
    parts.push(`<line x1="${M.left}" y1="${y(v)}" x2="${W - M.right}" y2="${y(v)}" stroke="#eee"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${Math.round(v)}</text>`);
  }
  parts.push(`<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">scenario minutes</text>`);
  parts.push(`<text x="16" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(M.top + H - M.bottom) / 2})">cases</text>`);
  // Labels alternate between two rows, so markers close together stay readable.
  markers.forEach((m, i) => {
    parts.push(`<line x1="${x(m.t)}" y1="${M.top}" x2="${x(m.t)}" y2="${H - M.bottom}" stroke="#999" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${x(m.t) + 4}" y="${M.top + 12 + (i % 2) * 14}" fill="#666">${escapeXml(m.label)}</text>`);
  });
  series.forEach((s, i) => {
    const pts = thin(s.points, 2000, span);
    if (pts.length > 0) {
      let d = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
      for (const p of pts) d += ` H${x(p.t).toFixed(1)} V${y(p.v).toFixed(1)}`;
      d += ` H${x(span).toFixed(1)}`;
      parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="1.6"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    }
    const ly = M.top + 10 + i * 20;
    parts.push(`<line x1="${W - M.right + 16}" y1="${ly}" x2="${W - M.right + 46}" y2="${ly}" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    parts.push(`<text x="${W - M.right + 52}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function niceCeiling(v: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * magnitude >= v) return m * magnitude;
  return 10 * magnitude;
}
