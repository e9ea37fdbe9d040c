// Intake, decided: a submission of the form version the submitter used becomes a new case or tip
// (its record, its submission, its first step, its submitter's link) and the workflow to start.
// Pure: the store writes the plan in one transaction with the idempotency claim.
import { createHash } from 'node:crypto';
import type { IntakeBinding } from '../../system/description.ts';
import { validateAnswers } from '../../forms/engine/validation.ts';
import type { FormDefinition, Language } from '../../forms/engine/types.ts';
import { currentWorkflowPolicy } from './policy.ts';
import { answerFields, Refusal } from './refusal.ts';
import type { Actor, RecordSummary, Step, Submission } from './records.ts';

export interface IntakeRequest {
  binding: IntakeBinding;
  body: { formId: string; formVersion: number; language: Language; answers: Record<string, unknown> };
  /** The form version named by the body, if it is published. */
  form: FormDefinition | undefined;
  publishedVersions: number[];
  caller: Actor;
  idempotencyKey: string | undefined;
  /** A fresh record id and the time of the submission: the only inputs that are not the request's. */
  id: string;
  now: string;
}

export interface IntakePlan {
  record: RecordSummary;
  submission: Submission;
  step: Step;
  /** A retry with the same key and body creates nothing twice; another body under the key is refused. */
  claim: { key: string; bodyHash: string };
  start: { workflow: string; input: Record<string, unknown> };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A submission's idempotency claim: the caller's key (required) and the body's hash; every submitting route claims so. */
export function idempotencyClaim(caller: Actor, idempotencyKey: string | undefined, body: unknown): { key: string; bodyHash: string } {
  if (!idempotencyKey || idempotencyKey.length > 200) {
    throw new Refusal(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (1 to 200 characters), the same on every retry', { 'Idempotency-Key': 'required' });
  }
  return { key: sha256(`${caller.userId}\n${idempotencyKey}`), bodyHash: sha256(JSON.stringify(body)) };
}

export function planIntake(request: IntakeRequest): IntakePlan {
  const { binding, body, form, caller, idempotencyKey, id, now } = request;
  const claim = idempotencyClaim(caller, idempotencyKey, body);
  if (body.formId !== binding.formId) throw new Refusal(400, 'INVALID_REQUEST', `This route takes the ${binding.formId} form`, { formId: `must be ${binding.formId}` });
  if (!form) {
    throw new Refusal(400, 'INVALID_REQUEST', `${binding.formId} has no version ${body.formVersion}`, { formVersion: `one of ${request.publishedVersions.join(', ')}` });
  }
  const validation = validateAnswers(form, body.answers, body.language, now.slice(0, 10));
  if (!validation.ok) {
    throw new Refusal(400, 'INVALID_SUBMISSION', `The submission does not meet the ${form.id} form (v${form.version}); see fields`, answerFields(validation.fields));
  }
  const { answers } = validation;
  return {
    record: {
      id,
      kind: binding.kind,
      stage: 'intake',
      createdAt: now,
      updatedAt: now,
      createdByOrg: caller.organisationId,
      formId: form.id,
      formVersion: form.version,
      language: body.language,
      ...(binding.kind === 'case'
        ? { consent: { lawEnforcement: answers.consentLawEnforcement as string, dataSharing: answers.consentDataSharing as string, changes: [] }, consentVersion: 0 }
        : {}),
    },
    submission: { formId: form.id, formVersion: form.version, language: body.language, answers, submittedAt: now, submittedBy: caller.userId },
    step: { event: 'submitted', actor: caller, summary: { formId: form.id, formVersion: form.version } },
    claim,
    start: { workflow: binding.workflow, input: workflowInput(binding.kind, id) },
  };
}

/** What a workflow starts with: the record's id and the policy in force, nothing about the person. */
export const workflowInput = (kind: 'case' | 'tip', id: string) => ({ [`${kind}Id`]: id, policy: currentWorkflowPolicy() });
