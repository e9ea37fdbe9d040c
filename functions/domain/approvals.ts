// A child's best-interests assessment (UNHCR BIP), an approval in two hands: child protection
// assesses (task `best-interests`, its findings sealed), then a coordinator approves or sends it
// back with a comment (task `best-interests-approval`); sent back, it returns to child protection.
// A child's durable solution starts only once an assessment is approved (domain/solutions.ts).
import { refuseUnlessOpen, type LifecyclePlan } from './closure.ts';
import { Refusal } from './refusal.ts';
import type { Actor, RecordParts, RecordSummary } from './records.ts';

export type BestInterestsStatus = 'assessing' | 'approved' | 'lapsed';

/** Whether the case's person is treated as a child (under 18, or presumed so while their age is disputed). */
export const treatedAsChild = (record: RecordSummary) => ((record.assessment as { flags?: string[] } | undefined)?.flags ?? []).includes('child');

export const bestInterestsOf = (record: RecordSummary) => record.bestInterests as { status: BestInterestsStatus; requestedAt: string; approvedAt?: string; sentBack?: number } | undefined;

/** Opens an assessment for a child; one at a time. */
export function planBestInterests(parts: Pick<RecordParts, 'record' | 'erased'>, actor: Actor, now: string): LifecyclePlan {
  refuseUnlessOpen(parts);
  const { record } = parts;
  if (!treatedAsChild(record)) throw new Refusal(409, 'NOT_A_CHILD', 'A best-interests assessment is for a child (or a person presumed one)');
  if (bestInterestsOf(record)?.status === 'assessing') throw new Refusal(409, 'BEST_INTERESTS_RUNNING', 'A best-interests assessment of this child is already under way');
  const count = Number(record.bestInterestsCount ?? 0);
  return {
    fields: { bestInterests: { status: 'assessing', requestedAt: now }, bestInterestsCount: count + 1 },
    stage: record.stage,
    step: { event: 'best-interests-requested', actor },
    expected: { field: 'bestInterestsCount', value: count },
    start: { workflow: 'best-interests', name: `${record.id}-best-interests-${count + 1}` },
  };
}

/** Where the assessment stands after the coordinator's answer (or a lapse): approved, back with child protection, or lapsed. */
export function bestInterestsSettlement(record: RecordSummary, outcome: 'approved' | 'rejected' | 'lapsed', now: string): { fields: Record<string, unknown>; stage: string } {
  const before = bestInterestsOf(record) ?? { status: 'assessing' as const, requestedAt: now };
  const after =
    outcome === 'approved'
      ? { ...before, status: 'approved', approvedAt: now }
      : outcome === 'rejected'
        ? { ...before, status: 'assessing', sentBack: (before.sentBack ?? 0) + 1 }
        : { ...before, status: 'lapsed' };
  return { fields: { bestInterests: after }, stage: record.stage };
}
