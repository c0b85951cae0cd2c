import { useNow } from './clock';
import { formatCountdown, formatDuration } from './time';

type DeadlineLevel = 'ok' | 'warn' | 'late';

// Colour is never the only cue: the level is also said in words.
const LEVEL_WORDS: Record<DeadlineLevel, string | null> = { ok: null, warn: 'Warning', late: 'Breached' };

/** Warn once warnAtFraction of the time from first report to deadline has passed (the deadline policy's threshold). */
function deadlineLevel(now: number, firstReportedAt: string, dueAt: string, warnAtFraction: number): DeadlineLevel {
  const due = Date.parse(dueAt);
  if (now >= due) return 'late';
  const start = Date.parse(firstReportedAt);
  return now >= start + warnAtFraction * (due - start) ? 'warn' : 'ok';
}

export function DeadlineTimer({ dueAt, firstReportedAt, warnAtFraction }: { dueAt: string; firstReportedAt: string; warnAtFraction: number }) {
  const now = useNow(1000);
  const level = deadlineLevel(now, firstReportedAt, dueAt, warnAtFraction);
  const words = LEVEL_WORDS[level];
  return (
    <div role="timer" aria-label="Deadline" data-level={level} class="timer deadline">
      <span class="timer-name">Deadline</span> {words && <strong class="level-word">{words}</strong>} {formatCountdown(Date.parse(dueAt) - now)}
    </div>
  );
}

export function LeaseTimer({ expiresAt }: { expiresAt: number }) {
  const now = useNow(1000);
  const seconds = (expiresAt - now) / 1000;
  return (
    <div role="timer" aria-label="Lease" class="timer lease">
      <span class="timer-name">Lease</span> {seconds > 0 ? `${formatDuration(seconds, true)} left` : 'expired'}
    </div>
  );
}
