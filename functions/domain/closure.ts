// Closing and reopening a case (issue 16 items 4 and 6). Closing needs a coordinator's approval:
// the request opens a `closure-approval` task in the `closure` workflow; approved, the case closes
// (the `closed` stage, `case.closed`); sent back, it stays open and the requester reads why (the
// approver's comment, sealed with the decision). A closed case is reopened with a reason; it is then
// open again for every rule that reads the stage (retention, the board, the export's status).
import type { EventType } from './webhooks.ts';
import { Refusal } from './refusal.ts';
import type { Actor, RecordParts, RecordSummary, Step } from './records.ts';

/** Why a case is closed or reopened: categories, never free text, since they are counted and kept in the clear. */
export const closureReasons = ['durable-solution-reached', 'no-further-assistance-needed', 'person-declined-assistance', 'lost-contact', 'transferred-out', 'deceased', 'other'] as const;
export const reopeningReasons = ['new-protection-need', 'solution-broke-down', 'person-came-back', 'closed-in-error', 'other'] as const;

/** A change of a case's lifecycle, decided: its fields, the step that records it, what it is written over, the workflow it starts. */
export interface LifecyclePlan {
  fields: Record<string, unknown>;
  stage: string;
  step: Step;
  /** Written only over what was read: a counter (one request of a kind at a time) or the stage. */
  expected: { field: string; value: number } | { stage: string };
  /** The workflow the change starts and its execution's name (unique per request: a retry starts nothing twice). */
  start?: { workflow: string; name: string; input?: Record<string, unknown> };
}

/** What every lifecycle request refuses first: an erased case, and (unless said) a closed one. */
export function refuseUnlessOpen(parts: Pick<RecordParts, 'record' | 'erased'>, { closedToo = false } = {}): void {
  if (parts.erased || parts.record.stage === 'erased') throw new Refusal(410, 'ERASED', `The case ${parts.record.id} was erased`);
  if (!closedToo && parts.record.stage === 'closed') throw new Refusal(409, 'CASE_CLOSED', 'The case is closed; reopen it first');
}

const who = (actor: Actor) => ({ role: actor.role, organisationId: actor.organisationId });

/** A request to close the case: one at a time, and not for a closed case. */
export function planClosure(parts: Pick<RecordParts, 'record' | 'erased'>, actor: Actor, reason: string, now: string): LifecyclePlan {
  refuseUnlessOpen(parts);
  const { record } = parts;
  if ((record.closure as { status?: string } | undefined)?.status === 'requested') throw new Refusal(409, 'CLOSURE_PENDING', 'Closing this case already waits for a coordinator’s approval');
  const count = Number(record.closureCount ?? 0);
  return {
    fields: { closure: { status: 'requested', reason, requestedAt: now, requestedBy: who(actor) }, closureCount: count + 1 },
    stage: record.stage,
    step: { event: 'closure-requested', actor, summary: { reason } },
    expected: { field: 'closureCount', value: count },
    start: { workflow: 'closure', name: `${record.id}-closure-${count + 1}` },
  };
}

/** A closed case opened again, with why. */
export function planReopening(parts: Pick<RecordParts, 'record' | 'erased'>, actor: Actor, reason: string, now: string): LifecyclePlan {
  refuseUnlessOpen(parts, { closedToo: true });
  const { record } = parts;
  if (record.stage !== 'closed') throw new Refusal(409, 'CASE_NOT_CLOSED', 'Only a closed case can be reopened');
  const reopenings = [...((record.reopenings as unknown[]) ?? []), { at: now, reason, by: who(actor) }];
  return {
    fields: { reopenings, reopenedAt: now },
    stage: 'reopened',
    step: { event: 'reopened', actor, summary: { reason } },
    expected: { stage: 'closed' },
  };
}

/** How a closure request ended, on the record: approved closes the case; sent back or lapsed leaves it as it was. */
export function closureSettlement(record: RecordSummary, outcome: 'approved' | 'rejected' | 'lapsed', now: string): { fields: Record<string, unknown>; stage: string; announces?: EventType } {
  const closure = { ...(record.closure as Record<string, unknown>), status: outcome, settledAt: now };
  if (outcome !== 'approved') return { fields: { closure }, stage: record.stage };
  return { fields: { closure, closedAt: now }, stage: 'closed', announces: 'case.closed' };
}

/**
 * Whether the case workflow's end closes the case: not once the lifecycle took over — a case the
 * coordination closed is closed already, and a reopened one stays open until closing is approved.
 */
export const closesAtWorkflowEnd = (record: RecordSummary | undefined) => !record || (record.stage !== 'reopened' && (record.closure as { status?: string } | undefined)?.status !== 'approved');
