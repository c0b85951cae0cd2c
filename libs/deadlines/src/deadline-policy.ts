/** The deadline policy of deadlines.md: data, not code. The first rule whose every given condition matches wins. */
export interface DeadlineRule {
  when: {
    reporterKinds?: string[];
    categories?: string[];
    specifications?: string[];
    signals?: string[];
  };
  windowSeconds: number;
}

/** How long an appeal may wait for its decision (DSA Art. 20: "timely"), by the contested decision's category. */
export interface AppealWindows {
  rules: { categories: string[]; windowSeconds: number }[];
  defaultWindowSeconds: number;
}

export const DEFAULT_APPEAL_WINDOW_SECONDS = 7 * 24 * 3600;

export interface DeadlinePolicy {
  rules: DeadlineRule[];
  defaultWindowSeconds: number;
  warnAtFraction: number;
  /** Absent in policies stored before appeals: every appeal then gets DEFAULT_APPEAL_WINDOW_SECONDS. */
  appeals?: AppealWindows;
}

export interface StoredPolicy {
  id: number;
  policy: DeadlinePolicy;
}

/** What a rule can look at: the notice, its reporter, and (after triage) the classifier's flags. */
export interface DeadlineFacts {
  reporterKind: string | null;
  category: string;
  specifications?: string[];
  signals?: string[];
}

const overlaps = (wanted: string[] | undefined, have: string[] | undefined) => !wanted || (have ?? []).some((v) => wanted.includes(v));

export function ruleMatches(rule: DeadlineRule, facts: DeadlineFacts): boolean {
  const { reporterKinds, categories, specifications, signals } = rule.when;
  return (
    (!reporterKinds || (facts.reporterKind !== null && reporterKinds.includes(facts.reporterKind))) &&
    (!categories || categories.includes(facts.category)) &&
    overlaps(specifications, facts.specifications) &&
    overlaps(signals, facts.signals)
  );
}

export function windowSeconds(policy: DeadlinePolicy, facts: DeadlineFacts): number {
  return policy.rules.find((rule) => ruleMatches(rule, facts))?.windowSeconds ?? policy.defaultWindowSeconds;
}

export function deadline(policy: DeadlinePolicy, facts: DeadlineFacts, receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + windowSeconds(policy, facts) * 1000);
}

export function appealWindowSeconds(policy: DeadlinePolicy, category: string): number {
  const appeals = policy.appeals;
  if (!appeals) return DEFAULT_APPEAL_WINDOW_SECONDS;
  return appeals.rules.find((r) => r.categories.includes(category))?.windowSeconds ?? appeals.defaultWindowSeconds;
}

/** Display priority: 1 is the most urgent window class. The queue order itself is by deadline. */
export function priorityForWindow(seconds: number): number {
  if (seconds <= 3600) return 1;
  if (seconds <= 86400) return 2;
  return 3;
}
