import { CapacityInputs, projectCapacity } from './capacity';
import type { BacklogCase } from './staffing.repository';

const NOW = new Date('2026-03-09T10:00:00Z');
const at = (s: number) => new Date(NOW.getTime() + s * 1000);
let n = 0;
const open = (dueIn: number, more: Partial<BacklogCase> = {}): BacklogCase => ({
  id: `case-${++n}`, tier: 'standard', category: 'STATEMENT_CATEGORY_VIOLENCE', reportCount: 1, firstReportedAt: at(-60), dueAt: at(dueIn),
  breachedAt: null, claimedBy: null, leaseExpiresAt: null, claimedAt: null, ...more,
});
const inputs = (over: Partial<CapacityInputs>): CapacityInputs => ({
  now: NOW, horizonSeconds: 4 * 3600, backlog: [], recent: { minutes: 15, count: 0, cases: [] }, lastWeek: { count: 0, cases: [] },
  active: [{ id: 'm1', role: 'moderator' }], handling: [], fallbackSeconds: 120, ...over,
});

describe('the capacity projection, worked out by hand (handling 120 s, no inflow)', () => {
  it('one moderator keeps deadlines 130, 250 and 370 s away (decisions at 120, 240, 360): clear, and one is needed', () => {
    const p = projectCapacity(inputs({ backlog: [open(130), open(250), open(370)] }));
    expect(p).toMatchObject({ atRisk: [], atRiskCount: 0, projectedBreaches: 0, moderatorsActive: 1, moderatorsNeeded: 1, backlog: 3, handlingSecondsMedian: 120 });
  });

  it('a fourth case due at 370 s would be decided at 480: at risk, and two moderators keep every deadline', () => {
    const cases = [open(130), open(250), open(370), open(370)];
    const p = projectCapacity(inputs({ backlog: cases }));
    expect(p.atRisk).toEqual([{ caseId: cases[3].id, dueAt: at(370).toISOString() }]);
    expect(p).toMatchObject({ atRiskCount: 1, projectedBreaches: 1, moderatorsNeeded: 2 });
  });

  it('leaves out what nobody could keep (due in less than a handling time), cases already breached, and the senior tier', () => {
    const p = projectCapacity(inputs({
      backlog: [open(60), open(-10), open(300, { tier: 'senior' }), open(5000, { breachedAt: at(-100), tier: 'senior' })],
    }));
    expect(p).toMatchObject({ atRiskCount: 0, projectedBreaches: 0, moderatorsNeeded: 0 });
  });

  it('a case in hand is finished by its holder first: the holder of a case claimed 60 s ago is free 60 s from now', () => {
    // m1 holds one case (claimed 60 s ago, 60 s left); two more due at 170 and 290: decided at 180 (late) and 300 (late) by m1 alone.
    const held = open(1000, { claimedBy: 'm1', leaseExpiresAt: at(240), claimedAt: at(-60) });
    const alone = projectCapacity(inputs({ backlog: [held, open(170), open(290)] }));
    expect(alone).toMatchObject({ atRiskCount: 2, moderatorsNeeded: 2 });
    // Had it been claimed 120 s ago, m1 is free now: decisions at 120 and 240, both in time.
    const done = projectCapacity(inputs({ backlog: [{ ...held, claimedAt: at(-120) }, open(170), open(290)] }));
    expect(done).toMatchObject({ atRiskCount: 0, moderatorsNeeded: 1 });
  });

  it('files the larger inflow: 30 cases in the last 15 minutes is 120 an hour, each like the ones that came', () => {
    const p = projectCapacity(inputs({
      recent: { minutes: 15, count: 30, cases: [{ category: 'STATEMENT_CATEGORY_VIOLENCE', reportCount: 1, windowSeconds: 3600 }] },
      lastWeek: { count: 50, cases: [] },
    }));
    expect(p.inflowPerHour).toEqual({ recent: 120, lastWeek: 50, projected: 120 });
    // 120 an hour at 120 s each is four moderators' work: one falls behind and, within four hours, past the one-hour deadlines.
    expect(p.projectedBreaches).toBeGreaterThan(0);
    expect(p.atRiskCount).toBe(0);
    expect(p.moderatorsNeeded).toBe(4);
  });

  it('draws handling times from recent decisions of the category', () => {
    const p = projectCapacity(inputs({
      backlog: [open(130), open(250)],
      handling: [{ category: 'STATEMENT_CATEGORY_VIOLENCE', role: 'moderator', seconds: 200 }],
    }));
    // 200 s per case: the first is decided at 200, past its 130 s deadline, but no staffing could keep that one; the second at 400 (due 250) could be kept by a second moderator.
    expect(p).toMatchObject({ atRiskCount: 1, moderatorsNeeded: 2, handlingSecondsMedian: 200 });
  });
});
