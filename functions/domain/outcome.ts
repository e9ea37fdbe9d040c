// Where a workflow ended: the word each referral branch came to, the milestones a case reached,
// and, when a branch fails, the human steps no workflow waits for any more.
import type { Task } from './records.ts';

/** Each branch's result as one word (`{placement: "accepted"}`, `{asylum: "registered"}`, …). */
export function caseOutcome(results: unknown): Record<string, string> {
  const outcome: Record<string, string> = {};
  for (const branch of Array.isArray(results) ? results : [results]) {
    if (!branch || typeof branch !== 'object') continue;
    for (const [name, value] of Object.entries(branch)) {
      if (typeof value === 'string') outcome[name] = value;
    }
  }
  return outcome;
}

/** When the case reached each milestone, kept at the first time it was reached. */
export function milestonesAfter(outcome: Record<string, string>, before: Record<string, string> | undefined, now: string): Record<string, string> {
  const milestones = { ...before };
  if (outcome.placement === 'accepted') milestones.placedAt ??= now;
  if (outcome.asylum && outcome.asylum !== 'not-needed') milestones.asylumReferredAt ??= now;
  return milestones;
}

/**
 * Whether the non-refoulement hold stays: it is lifted only once the refugee-status check answered;
 * a referral that lapsed or failed never answered, so nothing return-related may happen yet.
 */
export const holdAfter = (outcome: Record<string, string>) => outcome.asylum?.startsWith('failed') === true;

/** The task kinds each branch of a workflow waits on. */
const kindsOfBranch: Record<string, readonly string[]> = {
  placement: ['placement', 'escalation'],
  asylum: ['asylum-referral'],
  guardianship: ['guardianship'],
  lawEnforcement: ['liaison-referral', 'consent-review'],
  determinationReview: ['determination-review'],
  liaison: ['liaison-referral'],
  inspection: ['inspection', 'escalation'],
  duplicates: ['duplicate-review'],
  childProtectionNotice: ['child-protection-notice'],
  closure: ['closure-approval'],
  bestInterests: ['best-interests', 'best-interests-approval'],
  solution: ['guardian-view', 'family-tracing', 'receiving-family-assessment', 'child-handover', 'return-travel', 'solution-arrangement', 'reintegration-follow-up'],
};

/** Open tasks of the execution that the failed branch (or the whole workflow) leaves with no one waiting. */
export function orphanedBy(branch: string, executionId: string, tasks: Task[]): Task[] {
  const whole = branch === 'case' || branch === 'tip';
  return tasks.filter((task) => task.status === 'open' && task.executionId === executionId && (whole || kindsOfBranch[branch]?.includes(task.kind)));
}
