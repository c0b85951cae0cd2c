import { Discipline, SimCase, SimResult, exponential, seededRandom, simulate } from '@docket/staffing';
import { Row, fmt, ms } from '../report';
import { median } from '../stats';

export interface SimulatorBench {
  cases: number;
  moderators: number;
  runs: number;
  /** Milliseconds per simulation, each run timed on its own (median and worst), per claim order. */
  edf: { medianMs: number; maxMs: number };
  fifo: { medianMs: number; maxMs: number };
  /** What the runs found, to show the workload is a busy queue and not an idle one. */
  withinDeadline: { edf: number; fifo: number };
  peakBacklog: { edf: number; fifo: number };
  decided: number;
}

const CATEGORIES = ['STATEMENT_CATEGORY_VIOLENCE', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC'];

/**
 * A queue at about 95 % of what `moderators` handle (handling about a minute, arrivals Poisson), deadlines of an hour
 * (a fifth), a day and a week, up to three reports a case, handling times drawn per category from measured-looking
 * samples: the staffing report's and the replay's kind of run, at the size issue 19 asks for.
 */
export function simulatorWorkload(n: number, moderators: number, seed = 10): { cases: SimCase[]; handling: { byCategory: Record<string, number[]>; fallbackSeconds: number } } {
  const random = seededRandom(seed);
  const byCategory = Object.fromEntries(CATEGORIES.map((c, i) => [c, Array.from({ length: 200 }, () => 30 + random() * 60 + i * 5)]));
  const meanHandling = CATEGORIES.reduce((sum, _c, i) => sum + 60 + i * 5, 0) / CATEGORIES.length;
  const gap = meanHandling / moderators / 0.95;
  const cases: SimCase[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += exponential(random, gap);
    const u = random();
    const window = u < 0.2 ? 3600 : u < 0.7 ? 86_400 : 604_800;
    cases.push({ arrival: t, due: t + window, reportCount: 1 + Math.floor(random() * 3), category: CATEGORIES[Math.floor(random() * CATEGORIES.length)] });
  }
  return { cases, handling: { byCategory, fallbackSeconds: 60 } };
}

/** The bar: 100 000 cases with 50 moderators simulated in under a second (benchmark, not test). */
export function benchSimulator(n = 100_000, moderators = 50, runs = 5): SimulatorBench {
  const { cases, handling } = simulatorWorkload(n, moderators);
  const timed = (discipline: Discipline) => {
    const ms: number[] = [];
    let last: SimResult | undefined;
    // One run first, not counted: the JIT compiles the simulator, as every bench phase warms up.
    simulate(cases, { moderators, handling, seed: 1, discipline });
    for (let r = 0; r < runs; r++) {
      const t = process.hrtime.bigint();
      last = simulate(cases, { moderators, handling, seed: 1, discipline });
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return { ms, last: last! };
  };
  const edf = timed('edf');
  const fifo = timed('fifo');
  return {
    cases: n, moderators, runs,
    edf: { medianMs: median(edf.ms), maxMs: Math.max(...edf.ms) },
    fifo: { medianMs: median(fifo.ms), maxMs: Math.max(...fifo.ms) },
    withinDeadline: { edf: edf.last.withinDeadlineShare, fifo: fifo.last.withinDeadlineShare },
    peakBacklog: { edf: edf.last.peakBacklog, fifo: fifo.last.peakBacklog },
    decided: edf.last.decided,
  };
}

/** P12 (docs/performance.md): the row and the JSON figures of the simulator's run time. */
export function simulatorRow(): { row: Row; details: SimulatorBench } {
  const b = benchSimulator();
  const worst = Math.max(b.edf.medianMs, b.fifo.medianMs);
  return {
    details: b,
    row: {
      id: 'P12', workload: `queue simulator: ${fmt(b.cases)} cases × ${b.moderators} moderators, per run`,
      docket: `claim order ${ms(b.edf.medianMs)}, FIFO ${ms(b.fifo.medianMs)} (median of ${b.runs}; worst ${ms(Math.max(b.edf.maxMs, b.fifo.maxMs))})`,
      raw: '—', ratio: null, bar: '< 1 s per run', met: worst < 1000 ? 'yes' : 'no',
    },
  };
}
