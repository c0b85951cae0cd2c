const pad = (n: number) => String(n).padStart(2, '0');

/** "40 s", "12 min" ("12 min 30 s" with seconds), "2 h 10 min", "3 d 4 h": the units a moderator reads at a glance. */
export function formatDuration(totalSeconds: number, withSeconds = false): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return withSeconds && s % 60 ? `${minutes} min ${s % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

/** "due in 12 min 30 s" before the moment, "5 min overdue" after it. */
export function formatCountdown(untilMs: number): string {
  const seconds = Math.round(untilMs / 1000);
  return seconds >= 0 ? `due in ${formatDuration(seconds, true)}` : `${formatDuration(-seconds, true)} overdue`;
}

export function formatClock(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Local date and time, sortable and unambiguous across locales: "2026-05-04 14:05". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
