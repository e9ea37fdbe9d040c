// A durable solution for a case (issue 16 item 5): voluntary return, local integration,
// resettlement or family reunification, each with the person's informed, voluntary consent and the
// language it was explained in. Voluntary return is refused while the non-refoulement hold is on; a
// child's solution needs an approved best-interests assessment. The `solution` workflow does the
// rest, re-checking the hold immediately before every return step.
import { solutionKinds, type SolutionKind } from '../../forms/decisions/lifecycle.ts';
import { bestInterestsOf, treatedAsChild } from './approvals.ts';
import { refuseUnlessOpen, type LifecyclePlan } from './closure.ts';
import { holdFactsOf, nonRefoulementHold, NonRefoulementHold } from './non-refoulement.ts';
import { Refusal } from './refusal.ts';
import type { Actor, RecordParts, RecordSummary } from './records.ts';
import type { EventType } from './webhooks.ts';

export { solutionKinds, type SolutionKind };

export type SolutionStatus = 'running' | 'reached' | 'not-reached' | 'held' | 'failed';

export interface SolutionRequest {
  kind: SolutionKind;
  consent: { informed: true; voluntary: true; language: string };
}

export const solutionOf = (record: RecordSummary) => record.solution as { kind: SolutionKind; status: SolutionStatus; child: boolean; startedAt: string; endedAt?: string } | undefined;

/** Decides a request for a durable solution; the interview must be open (fearOfReturn is read from it). */
export function planSolution(parts: Pick<RecordParts, 'record' | 'erased' | 'submission' | 'tasks'>, request: SolutionRequest, actor: Actor, now: string): LifecyclePlan {
  refuseUnlessOpen(parts);
  const { record } = parts;
  if (solutionOf(record)?.status === 'running') throw new Refusal(409, 'SOLUTION_RUNNING', 'A durable solution is already under way for this case');
  const child = treatedAsChild(record);
  if (child && bestInterestsOf(record)?.status !== 'approved') {
    throw new Refusal(409, 'BEST_INTERESTS_NOT_APPROVED', 'A child’s durable solution needs an approved best-interests assessment first');
  }
  if (request.kind === 'voluntary-return') {
    const verdict = nonRefoulementHold(holdFactsOf(parts));
    if (verdict.hold) throw new NonRefoulementHold(verdict.reasons);
  }
  const count = Number(record.solutionCount ?? 0);
  const consent = { informed: true, voluntary: true, explainedIn: request.consent.language, recordedAt: now, recordedBy: { role: actor.role, organisationId: actor.organisationId } };
  return {
    fields: { solution: { kind: request.kind, status: 'running', child, startedAt: now, consent }, solutionCount: count + 1 },
    stage: record.stage,
    step: { event: 'solution-started', actor, summary: { solution: request.kind, explainedIn: request.consent.language } },
    expected: { field: 'solutionCount', value: count },
    // What the workflow branches on: the kind and whether the person is a child; nothing about them.
    start: { workflow: 'solution', name: `${record.id}-solution-${count + 1}`, input: { kind: request.kind, child } },
  };
}

/** How the workflow ended, on the case. */
export function solutionSettlement(record: RecordSummary, status: Exclude<SolutionStatus, 'running'>, now: string): { fields: Record<string, unknown>; stage: string; announces: EventType } {
  return { fields: { solution: { ...solutionOf(record), status, endedAt: now } }, stage: record.stage, announces: 'case.solution-ended' };
}
