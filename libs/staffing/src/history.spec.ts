import { recordedHistory } from './history';
import type { HistoryCase, HistoryDecision } from './staffing.repository';

const t = (s: number) => new Date(Date.UTC(2026, 2, 2, 9) + s * 1000);
const c = (id: string, first: number, due: number, category = 'A', queued: number | null = first): HistoryCase => ({
  id, category, reportCount: 1, firstReportedAt: t(first), queuedAt: queued === null ? null : t(queued), dueAt: t(due),
});
const d = (caseId: string, action: HistoryDecision['action'], by: string, role: string, claimed: number | null, decided: number): HistoryDecision => ({
  caseId, action, decidedBy: by, role, claimedAt: claimed === null ? null : t(claimed), decidedAt: t(decided),
});
const base = Date.UTC(2026, 2, 2, 9) / 1000;

describe('recorded history as the simulator replays it', () => {
  it('takes each decider\'s time from their claim, escalations to the senior\'s, and draws for cases nobody decided', () => {
    const h = recordedHistory(
      [c('x', 0, 3600), c('y', 10, 3610, 'B', 40), c('z', 20, 3620)],
      [
        d('x', 'remove', 'm1', 'moderator', 100, 160),
        d('y', 'escalate', 'm1', 'moderator', 200, 230),
        d('y', 'no_violation', 's1', 'senior', 300, 390),
      ],
      120,
    );
    expect(h.cases).toEqual([
      { arrival: base, ready: base, due: base + 3600, reportCount: 1, category: 'A', handling: 60, escalate: false, seniorHandling: undefined },
      { arrival: base + 10, ready: base + 40, due: base + 3610, reportCount: 1, category: 'B', handling: 30, escalate: true, seniorHandling: 90 },
      { arrival: base + 20, ready: base + 20, due: base + 3620, reportCount: 1, category: 'A', handling: undefined, escalate: false, seniorHandling: undefined },
    ]);
    expect(h).toMatchObject({ decisions: 3, seniors: 1, handling: { byCategory: { A: [60], B: [30, 90] }, all: [60, 30, 90], fallbackSeconds: 120 } });
  });

  it('counts only decisions whose claim it can see, and decisions by nobody not at all', () => {
    const h = recordedHistory([c('x', 0, 60, 'A', null)], [d('x', 'remove', 'm1', 'moderator', null, 50), { ...d('x', 'remove', 'm1', 'moderator', 0, 50), decidedBy: null }], 120);
    expect(h.decisions).toBe(0);
    expect(h.cases[0]).toMatchObject({ ready: base, handling: undefined });
  });
});
