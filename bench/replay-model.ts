import { DeadlinePolicy, windowSeconds } from '@docket/deadlines';
import { ScenarioNotice, SimCase } from '@docket/staffing';
import { LexiconClassifier } from '@docket/triage';

/**
 * The deadline policy a replay runs under: every window divided by the compression (at least a second), so a
 * one-hour deadline at compression 60 is a minute of real time. Appeal windows likewise.
 */
export function compressedPolicy(policy: DeadlinePolicy, compression: number): DeadlinePolicy {
  const squeeze = (s: number) => Math.max(1, Math.round(s / compression));
  return {
    ...policy,
    rules: policy.rules.map((r) => ({ ...r, windowSeconds: squeeze(r.windowSeconds) })),
    defaultWindowSeconds: squeeze(policy.defaultWindowSeconds),
    ...(policy.appeals
      ? { appeals: { ...policy.appeals, rules: policy.appeals.rules.map((r) => ({ ...r, windowSeconds: squeeze(r.windowSeconds) })), defaultWindowSeconds: squeeze(policy.appeals.defaultWindowSeconds) } }
      : {}),
  };
}

const classifier = new LexiconClassifier();

/**
 * The simulator's view of a scenario's notices, in scenario seconds: each a case arriving when it is filed, due
 * when docket's policy (the compressed one, scaled back) says, with the classifier's flags as triage would find
 * them, and the handling times the replay's moderators will take. Escalations go to the senior tier.
 */
export function predictedCases(notices: readonly ScenarioNotice[], policy: DeadlinePolicy, compression: number): SimCase[] {
  return notices.map((n) => {
    const flags = classifier.classify({ text: n.post.text, language: n.post.language }).flags;
    const window = windowSeconds(policy, { reporterKind: n.reporterKind, category: n.category, specifications: n.specification, signals: flags }) * compression;
    return {
      arrival: n.at, due: n.at + window, category: n.category, handling: n.handlingSeconds,
      escalate: n.outcome === 'escalate', seniorHandling: n.seniorHandlingSeconds,
    };
  });
}
