import { SimCase, simulate } from './simulator';
import { percentileCont } from './percentiles';

const decisions = (r: ReturnType<typeof simulate>) => Array.from(r.decidedAt, (d) => (Number.isNaN(d) ? null : d));

describe('the staffing simulator, on cases worked out by hand', () => {
  // One moderator, three cases of 100 s each. A arrives first with the latest deadline; C arrives last with the earliest.
  const three: SimCase[] = [
    { arrival: 0, due: 1000, handling: 100 }, // A
    { arrival: 10, due: 500, handling: 100 }, // B
    { arrival: 20, due: 250, handling: 100 }, // C
  ];

  it('EDF: A (the only case at 0) until 100, then C (due 250) until 200, then B until 300: every deadline kept', () => {
    const r = simulate(three, { moderators: 1 });
    expect(decisions(r)).toEqual([100, 300, 200]);
    expect(r).toMatchObject({ cases: 3, decided: 3, withinDeadline: 3, withinDeadlineShare: 1, breaches: 0, undecided: 0, peakBacklog: 3, lostClaims: 0 });
    // Times to decision: A 100, B 290, C 180 → median 180, p90 = 180 + 0.8 × (290 − 180), worst 290.
    expect(r.p50Seconds).toBe(180);
    expect(r.p90Seconds).toBeCloseTo(268, 9);
    expect(r.worstSeconds).toBe(290);
  });

  it('FIFO: A, then B until 200, then C from 200: its deadline passes at 250 while held, so it goes to the senior tier and the work is lost', () => {
    const r = simulate(three, { moderators: 1, discipline: 'fifo' });
    expect(decisions(r)).toEqual([100, 200, null]);
    expect(r).toMatchObject({ decided: 2, undecided: 1, withinDeadline: 2, breaches: 1, lostClaims: 1, worstSeconds: null });
    expect(r.withinDeadlineShare).toBeCloseTo(2 / 3, 12);
    expect(Array.from(r.breachedInRun)).toEqual([0, 0, 1]);
    // A senior takes the breached case at 250 (the senior tier) and decides it 100 s later, past its deadline.
    const withSenior = simulate(three, { moderators: 1, seniors: 1, discipline: 'fifo' });
    expect(decisions(withSenior)).toEqual([100, 200, 350]);
    expect(withSenior).toMatchObject({ withinDeadline: 2, breaches: 1, worstSeconds: 330 });
  });

  it('a decision at the very second of the deadline is within it', () => {
    const r = simulate([{ arrival: 0, due: 100, handling: 100 }], { moderators: 1 });
    expect(r).toMatchObject({ withinDeadline: 1, breaches: 0, lostClaims: 0 });
  });

  it('equal deadlines: more reports first, then the oldest', () => {
    const r = simulate(
      [
        { arrival: 0, due: 10_000, handling: 10 }, // keeps the moderator busy until 10
        { arrival: 1, due: 5000, handling: 10, reportCount: 1 },
        { arrival: 2, due: 5000, handling: 10, reportCount: 3 },
        { arrival: 3, due: 5000, handling: 10, reportCount: 1 },
      ],
      { moderators: 1 },
    );
    expect(decisions(r)).toEqual([10, 30, 20, 40]);
  });

  it('leases: a claim walked away from keeps the case locked until the lease expires, then it is claimed again', () => {
    // X is claimed at 0 (earlier deadline), looked at for 100 s and left; Y is decided 100–200; X is free at 300 (lease) and decided at 400.
    const r = simulate(
      [
        { arrival: 0, due: 1000, handling: 100, abandons: 1 }, // X
        { arrival: 0, due: 2000, handling: 100 }, // Y
      ],
      { moderators: 1, leaseSeconds: 300 },
    );
    expect(decisions(r)).toEqual([400, 200]);
    expect(r).toMatchObject({ withinDeadline: 2, breaches: 0 });
    // Two moderators: the second takes Y at once; X still waits for its lease.
    expect(decisions(simulate([{ arrival: 0, due: 1000, handling: 100, abandons: 1 }, { arrival: 0, due: 2000, handling: 100 }], { moderators: 2, leaseSeconds: 300 })))
      .toEqual([400, 100]);
  });

  it('escalation: the moderator escalates after 50 s, a senior decides 70 s later', () => {
    const r = simulate([{ arrival: 0, due: 1000, handling: 50, escalate: true, seniorHandling: 70 }], { moderators: 1, seniors: 1 });
    expect(decisions(r)).toEqual([120]);
    expect(r).toMatchObject({ escalations: 1, withinDeadline: 1 });
    // Without a senior it is never decided: moderators do not take the senior tier.
    expect(simulate([{ arrival: 0, due: 1000, handling: 50, escalate: true, seniorHandling: 70 }], { moderators: 3 })).toMatchObject({ decided: 0, undecided: 1 });
  });

  it('seniors take the standard tier only when told to, and their own tier first', () => {
    const cases: SimCase[] = [
      { arrival: 0, due: 500, handling: 100 },
      { arrival: 0, due: 400, handling: 100, tier: 'senior' },
    ];
    // Alone, the senior leaves the standard case until its deadline (500) sends it to the senior tier.
    expect(decisions(simulate(cases, { moderators: 0, seniors: 1 }))).toEqual([600, 100]);
    expect(decisions(simulate(cases, { moderators: 0, seniors: 1, seniorsTakeStandard: true }))).toEqual([200, 100]);
  });

  it('a deadline passing before triage: the case is queued in the senior tier', () => {
    const r = simulate([{ arrival: 0, ready: 50, due: 20, handling: 10 }], { moderators: 1, seniors: 1 });
    expect(decisions(r)).toEqual([60]);
    expect(r).toMatchObject({ breaches: 1, withinDeadline: 0 });
  });

  it('a horizon stops the run: cases open then stay undecided', () => {
    const r = simulate([{ arrival: 0, due: 1000, handling: 100 }, { arrival: 0, due: 1000, handling: 100 }], { moderators: 1, horizon: 150 });
    expect(decisions(r)).toEqual([100, null]);
  });

  it('moderators busy at the start (a lease in progress) claim when they are free', () => {
    const r = simulate([{ arrival: 0, due: 50, handling: 10 }], { moderators: 1, start: 0, moderatorsFreeAt: [60], seniors: 0 });
    expect(r).toMatchObject({ breaches: 1, decided: 0 });
  });

  it('traces the backlog: open cases and open cases past their deadline', () => {
    const r = simulate(three, { moderators: 1, discipline: 'fifo', trace: true });
    expect(r.trace).toEqual({ t: [0, 10, 20, 100, 200, 250], open: [1, 2, 3, 2, 1, 1], overdue: [0, 0, 0, 0, 0, 1] });
  });
});

describe('determinism', () => {
  const random = (seed: number) => {
    let x = seed;
    return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  };
  const workload = (): SimCase[] => {
    const r = random(7);
    return Array.from({ length: 2000 }, (_, i) => {
      const arrival = i * 20 + Math.floor(r() * 20);
      return { arrival, due: arrival + (r() < 0.3 ? 3600 : 86_400), category: r() < 0.5 ? 'A' : 'B', reportCount: 1 + Math.floor(r() * 3) };
    });
  };
  const handling = { byCategory: { A: [30, 60, 90], B: [120, 240] }, fallbackSeconds: 60 };

  it('gives the same result for the same seed, and another for another seed', () => {
    const a = simulate(workload(), { moderators: 2, seed: 42, handling });
    const b = simulate(workload(), { moderators: 2, seed: 42, handling });
    const c = simulate(workload(), { moderators: 2, seed: 43, handling });
    expect(Array.from(b.decidedAt)).toEqual(Array.from(a.decidedAt));
    expect(b).toEqual(a);
    expect(Array.from(c.decidedAt)).not.toEqual(Array.from(a.decidedAt));
  });

  it('draws each case the same handling time whatever the staffing, so more moderators never decide later on average', () => {
    const one = simulate(workload(), { moderators: 1, seed: 5, handling });
    const three = simulate(workload(), { moderators: 3, seed: 5, handling });
    expect(three.withinDeadlineShare).toBeGreaterThanOrEqual(one.withinDeadlineShare);
    expect(three.peakBacklog).toBeLessThanOrEqual(one.peakBacklog);
  });
});

describe('percentile_cont', () => {
  it('interpolates as PostgreSQL does, and has no value among undecided cases', () => {
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([10], 0.9)).toBe(10);
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([1, 2, Infinity], 0.5)).toBe(2);
    expect(percentileCont([1, 2, Infinity], 0.9)).toBeNull();
  });
});
