import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Met = 'yes' | 'no' | 'n/a' | 'not available';

/** One line of the table: a workload, its raw limit from the same run, and whether the bar is met. */
export interface Row {
  id: string;
  workload: string;
  docket: string;
  raw: string;
  /** docket ÷ raw as a throughput ratio (P7: docket time ÷ raw time); null where there is no raw side. */
  ratio: number | null;
  bar: string;
  met: Met;
  p50?: string;
  p99?: string;
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export const ms = (n: number) => (Number.isFinite(n) ? `${fmt(n, n < 10 ? 1 : 0)} ms` : '—');

export function notAvailable(id: string, workload: string, bar: string, why: string): Row {
  return { id, workload, docket: why, raw: '—', ratio: null, bar, met: 'not available' };
}

export function table(rows: Row[]): string {
  const head = ['id', 'workload', 'docket', 'raw', 'ratio', 'bar', 'met', 'p50', 'p99'];
  const cells = rows.map((r) => [r.id, r.workload, r.docket, r.raw, r.ratio === null ? '—' : `${fmt(r.ratio, 2)}×`, r.bar, r.met, r.p50 ?? '', r.p99 ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** bench/results/<date>T<time>.json: every figure of the run, not only the table's. */
export function writeResults(dir: string, payload: unknown): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\..+$/, '');
  const file = join(dir, `${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}
