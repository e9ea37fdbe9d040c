// A person's decision on a human step, decided: who may decide, whether the answers meet the
// task kind's form, what it changes (a bed taken, a shelter that steps back, consent), what the
// timeline records, and what the waiting workflow is told (an outcome word, never the details).
import { createHash } from 'node:crypto';
import { validateAnswers } from '../../forms/engine/validation.ts';
import type { Answers, FormDefinition, Language } from '../../forms/engine/types.ts';
import { decisionRefusal } from './access.ts';
import { planConsentChange, type ConsentPlan } from './consent.ts';
import { Refusal } from './refusal.ts';
import type { Actor, RecordSummary, Resume, Step, Task } from './records.ts';
import type { DuplicateStatus } from './duplicates.ts';
import { followUpDecided } from './case-plan.ts';
import { referralStatusOf, type ReferralStatus } from './partner-referrals.ts';
import { transferDecided } from './transfer.ts';

/** The one word a decision comes to, on the timeline, in the workflow and in the case's outcome. */
export function outcomeOf(kind: string, answers: Answers): string {
  switch (kind) {
    case 'guardianship':
      return `guardian:${answers.guardianAppointed}`;
    case 'consent-review':
      return String(answers.lawEnforcement);
    case 'escalation':
      return String(answers.resolution);
    case 'determination-review':
      return String(answers.determination);
    case 'inspection':
      return answers.forcedLabourFound === 'yes' ? 'forced-labour-found' : 'inspected';
    case 'more-information':
      return 'answered';
    default:
      return String(answers.outcome);
  }
}

export interface DecisionRequest {
  task: Task;
  /** The task's record, for a decision that changes consent. */
  record: RecordSummary;
  form: FormDefinition;
  body: Record<string, unknown>;
  language: Language;
  caller: Actor;
  idempotencyKey?: string;
  now: string;
}

export type DecisionPlan =
  /** The same decider sent the same decision again (a lost response): answer as the first time. */
  | { replay: true; task: Task }
  | {
      replay?: false;
      decision: Answers;
      decisionHash: string;
      outcome: string;
      resume: Resume;
      step: Step;
      /** A placement accepted takes a bed at the shelter, in the same transaction. */
      takeBedAt?: string;
      /** A shelter that declines steps back from the case: it no longer sees it. */
      unlinkOrganisation?: string;
      consent?: ConsentPlan;
      /** A duplicate review decided: the pair linked (same person) or dismissed for good. */
      pair?: { caseId: string; otherCaseId: string; status: Exclude<DuplicateStatus, 'possible'> };
      /** The case lifecycle (issue 16): a follow-up's plan entry, a referral's status, a transfer's outcome. */
      followUp?: { planId: string; status: string; dueAt?: string };
      referral?: { referralId: string; status: ReferralStatus };
      transfer?: NonNullable<ReturnType<typeof transferDecided>>;
    };

const hashOf = (answers: Answers, idempotencyKey?: string) => createHash('sha256').update(idempotencyKey ? `key:${idempotencyKey}` : `body:${canonical(answers)}`).digest('hex');
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value && typeof value === 'object'
      ? `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Answers)[key])}`).join(',')}}`
      : JSON.stringify(value);

export function planDecision(request: DecisionRequest): DecisionPlan {
  const { task, caller, now } = request;
  const validation = validateAnswers(request.form, request.body, request.language, now.slice(0, 10));
  const decisionHash = validation.ok ? hashOf(validation.answers, request.idempotencyKey) : undefined;
  if (task.status !== 'open' && task.decidedBy?.userId === caller.userId && decisionHash && task.decisionHash === decisionHash) return { replay: true, task };
  const refusal = decisionRefusal(caller, task);
  if (refusal) throw new Refusal(refusal.status, refusal.code, refusal.message);
  if (!validation.ok) throw new Refusal(400, 'INVALID_DECISION', `Not a valid ${task.kind} decision; see fields`, validation.fields);
  const decision = validation.answers;
  const outcome = outcomeOf(task.kind, decision);
  const declined = task.kind === 'placement' && outcome !== 'accepted';
  // A partner that declines a referral or a transfer steps back from the case, as a shelter does.
  const stepsBack = declined || ((task.kind === 'partner-referral' || task.kind === 'transfer') && outcome !== 'accepted');
  const transfer = task.kind === 'transfer' && task.subjectId ? transferDecided(request.record, task.subjectId, outcome) : undefined;
  const consentChanged = task.kind === 'consent-review' && typeof decision.lawEnforcement === 'string';
  return {
    decision,
    decisionHash: decisionHash!,
    outcome,
    resume: declined
      ? { type: 'failure', error: 'PlacementDeclined', cause: 'declined by the shelter' }
      : { type: 'success', output: { taskId: task.taskId, outcome } },
    step: { event: 'decision', actor: caller, summary: { taskId: task.taskId, kind: task.kind, outcome } },
    ...(task.kind === 'placement' && !declined ? { takeBedAt: task.assigneeOrg } : {}),
    ...(stepsBack ? { unlinkOrganisation: task.assigneeOrg } : {}),
    ...(task.kind === 'follow-up' && task.subjectId ? { followUp: { planId: task.subjectId, ...followUpDecided(outcome, decision) } } : {}),
    ...(task.kind === 'partner-referral' && task.subjectId ? { referral: { referralId: task.subjectId, status: referralStatusOf(outcome) } } : {}),
    ...(transfer ? { transfer } : {}),
    ...(task.kind === 'duplicate-review' && task.relatedCaseId ? { pair: { caseId: task.parentId, otherCaseId: task.relatedCaseId, status: outcome as 'same-person' | 'different-person' } } : {}),
    ...(consentChanged ? { consent: planConsentChange(request.record, { lawEnforcement: decision.lawEnforcement as string }, caller, now) } : {}),
  };
}
