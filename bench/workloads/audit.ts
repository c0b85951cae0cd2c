import { DocketProcess } from '../docket-process';
import { HttpClient } from '../http';
import { median, sleep } from '../stats';

export type Availability = { available: true } | { available: false; status: number; reason: string };

export interface ExportResult {
  availability: Availability;
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** Peak RSS of the API process during the export (VmHWM, reset just before). */
  peakRssMb: number;
  /** The highest VmRSS sampled while streaming: the same figure where VmHWM cannot be reset. */
  sampledPeakRssMb: number;
}

/** 404 means the route is not there yet (the audit routes are being built); anything else not 200 is an error. */
function unavailable(status: number, body: string): Availability {
  return { available: false, status, reason: status === 404 ? 'not available (route answers 404)' : `error ${status}: ${body.slice(0, 200)}` };
}

/** P6: the whole case export as CSV, streamed and counted, and the API's peak memory meanwhile. */
export async function exportCases(api: DocketProcess, auditorKey: string): Promise<ExportResult> {
  const http = new HttpClient(1);
  const headers = { Authorization: `Bearer ${auditorKey}`, Accept: 'text/csv' };
  const url = `${api.url}/v1/audit/cases?format=csv`;
  try {
    // A cheap probe first: a missing route must not cost a full export's wait.
    const probe = await http.send(`${url}&from=2000-01-01&to=2000-01-02`, 'GET', headers);
    if (probe.status !== 200) return { availability: unavailable(probe.status, probe.body), rows: 0, bytes: 0, seconds: 0, rowsPerSecond: 0, peakRssMb: 0, sampledPeakRssMb: 0 };
    const canReset = api.resetPeakRss();
    let sampled = api.rssMb();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        sampled = Math.max(sampled, api.rssMb());
        await sleep(20);
      }
    })();
    const t = process.hrtime.bigint();
    const res = await http.drain(url, headers);
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    sampling = false;
    await sampler;
    if (res.status !== 200) return { availability: unavailable(res.status, ''), rows: 0, bytes: 0, seconds, rowsPerSecond: 0, peakRssMb: 0, sampledPeakRssMb: sampled };
    const rows = res.lines - 1; // header row
    return {
      availability: { available: true }, rows, bytes: res.bytes, seconds, rowsPerSecond: rows / seconds,
      peakRssMb: canReset ? api.peakRssMb() : sampled, sampledPeakRssMb: sampled,
    };
  } finally {
    http.close();
  }
}

export interface ResponseTimesResult {
  availability: Availability;
  medianMs: number;
  runsMs: number[];
  groups: number;
}

/** P7: the response-time report by category, `runs` times after one warm-up; the median counts. */
export async function responseTimes(apiUrl: string, auditorKey: string, runs: number): Promise<ResponseTimesResult> {
  const http = new HttpClient(1);
  const headers = { Authorization: `Bearer ${auditorKey}`, Accept: 'application/json' };
  const url = `${apiUrl}/v1/audit/response-times?groupBy=category`;
  try {
    const warm = await http.send(url, 'GET', headers);
    if (warm.status !== 200) return { availability: unavailable(warm.status, warm.body), medianMs: NaN, runsMs: [], groups: 0 };
    const groups = (JSON.parse(warm.body).groups ?? []).length;
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      const res = await http.send(url, 'GET', headers);
      runsMs.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (res.status !== 200) return { availability: unavailable(res.status, res.body), medianMs: NaN, runsMs, groups };
    }
    return { availability: { available: true }, medianMs: median(runsMs), runsMs, groups };
  } finally {
    http.close();
  }
}
