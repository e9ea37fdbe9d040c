// Erasure, decided: a record's personal data goes by crypto-shredding (its key is deleted), its open
// steps are withdrawn, its executions stopped, and the erasure itself is recorded. What remains —
// stage, dates, determination, flags, age band, task kinds and outcome words — identifies no one and
// keeps counting in the indicators.
import { Refusal } from './refusal.ts';
import type { Actor, RecordParts, Step, Task } from './records.ts';

export interface ErasurePlan {
  fields: Record<string, unknown>;
  step: Step;
  /** Open human steps: withdrawn, with no one to tell. */
  withdraw: Task[];
  /** Every execution that worked on the record (stopping a finished one changes nothing). */
  executions: string[];
}

export function planErasure(parts: RecordParts, actor: Actor, reason: string, now: string): ErasurePlan {
  const { record } = parts;
  if (parts.erased) throw new Refusal(410, 'ERASED', `The ${record.kind} ${record.id} was erased already`);
  if (record.legalHold) throw new Refusal(409, 'LEGAL_HOLD', `The ${record.kind} ${record.id} is under a legal hold; lift it first`);
  const executions = new Set([...parts.steps.map((step) => step.executionId), ...parts.tasks.map((task) => task.executionId)].filter((id): id is string => !!id));
  return {
    fields: { stage: 'erased', erasedAt: now, erasure: { at: now, reason, byRole: actor.role, byOrganisation: actor.organisationId } },
    step: { event: 'erased', actor, summary: { reason } },
    withdraw: parts.tasks.filter((task) => task.status === 'open'),
    executions: [...executions],
  };
}

/**
 * Which cases linked to this one as the same person its erasure takes along. Erasure cannot be
 * undone, so the set is never guessed: unsaid, a 409 names the linked cases, and the coordinator
 * says `erase` (every case of the person: their request to be forgotten) or `keep` (this case only:
 * collected in error, or a link the coordinator doubts).
 */
export function linkedToErase(caseId: string, linked: string[], choice?: 'erase' | 'keep'): string[] {
  if (!linked.length || choice === 'keep') return [];
  if (choice === 'erase') return linked;
  throw new Refusal(409, 'LINKED_CASES', `The case ${caseId} is linked as the same person to ${linked.join(', ')}: say linkedCases "erase" to erase them too, or "keep" to erase this case only`, {
    linkedCases: linked.join(' '),
  });
}
