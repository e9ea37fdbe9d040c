// A submission of an imported form, decided: validated by the version the submitter used (every
// bad field named, as for screenings), claimed under its Idempotency-Key, and either standalone or
// a follow-up record of a case the submitter may see. Pure: the store writes the plan.
import { validateAnswers } from '../../forms/engine/validation.ts';
import type { FormDefinition, Language } from '../../forms/engine/types.ts';
import { idempotencyClaim } from './intake.ts';
import { answerFields, Refusal } from './refusal.ts';
import type { Actor, Step, Submission } from './records.ts';

export interface FormSubmissionRequest {
  body: { formId?: string; formVersion: number; language: Language; answers: Record<string, unknown>; caseId?: string };
  formId: string;
  /** The version the body names, if it is published. */
  form: FormDefinition | undefined;
  publishedVersions: number[];
  caller: Actor;
  idempotencyKey: string | undefined;
  id: string;
  now: string;
}

export interface FormSubmissionPlan {
  submission: Submission & { submissionId: string; submittedByOrg: string; caseId?: string };
  claim: { key: string; bodyHash: string };
  /** On the case's timeline when attached: which form, never an answer. */
  step?: Step;
}

export function planFormSubmission(request: FormSubmissionRequest): FormSubmissionPlan {
  const { body, formId, form, caller, id, now } = request;
  const claim = idempotencyClaim(caller, request.idempotencyKey, { formId, ...body });
  if (!form) {
    throw new Refusal(400, 'INVALID_REQUEST', `${formId} has no version ${body.formVersion}`, { formVersion: `one of ${request.publishedVersions.join(', ')}` });
  }
  const validation = validateAnswers(form, body.answers, body.language, now.slice(0, 10));
  if (!validation.ok) {
    throw new Refusal(400, 'INVALID_SUBMISSION', `The submission does not meet the ${form.id} form (v${form.version}); see fields`, answerFields(validation.fields));
  }
  const submission = {
    submissionId: id,
    formId: form.id,
    formVersion: form.version,
    language: body.language,
    answers: validation.answers,
    submittedAt: now,
    submittedBy: caller.userId,
    submittedByOrg: caller.organisationId,
    ...(body.caseId ? { caseId: body.caseId } : {}),
  };
  const step = body.caseId ? { event: 'follow-up', actor: caller, summary: { formId: form.id, formVersion: form.version, submissionId: id } } : undefined;
  return { submission, claim, ...(step ? { step } : {}) };
}

const meta = ['submissionId', 'formVersion', 'submittedAt', 'caseId', 'language'] as const;

/** The export's columns: the submission's own, then each question of the form (its XLSForm name), then any answer an older version had. */
export function submissionColumns(form: FormDefinition, submissions: Pick<Submission, 'answers'>[]): string[] {
  const questions = form.sections.flatMap((section) => section.questions).filter((question) => question.type !== 'note').map((question) => question.id);
  const older = submissions.flatMap((submission) => Object.keys(submission.answers)).filter((id) => !questions.includes(id));
  return [...meta, ...questions, ...new Set(older)];
}

/** One row: a select_multiple as XLSForm writes it (names separated by spaces), a repeat as JSON. */
export function submissionRow(columns: string[], submission: FormSubmissionPlan['submission']): string[] {
  const cell = (value: unknown) => (value === undefined || value === null ? '' : Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.join(' ') : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return columns.map((column) => cell((meta as readonly string[]).includes(column) ? submission[column as (typeof meta)[number]] : submission.answers[column]));
}
