// Intake, shared by screenings and tips: validate against the form version the submitter used,
// create the record with its submission and first step in one transaction (with the
// idempotency claim), start its workflow. A retry with the same key and body changes nothing.
import { createHash } from 'node:crypto';
import { validateAnswers } from '../../forms/engine/validation.ts';
import { forms } from '../../forms/registry.ts';
import { currentWorkflowPolicy } from '../domain/policy.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { createRecord, IdempotencyConflict, newRecordId, organisationLink, recordPk, type RecordKind } from '../store/records.ts';
import { stepItem } from '../store/timeline.ts';
import { startWorkflow } from '../store/workflows.ts';
import { submission } from './contracts.ts';

export function intakeHandler(kind: RecordKind, formId: string, workflow: string) {
  return api({
    body: submission,
    handle: async ({ event, caller, body }) => {
      const key = event.headers['idempotency-key'];
      if (!key || key.length > 200) {
        throw new HttpError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (1 to 200 characters), the same on every retry', {
          'Idempotency-Key': 'required',
        });
      }
      if (body.formId !== formId) throw new HttpError(400, 'INVALID_REQUEST', `This route takes the ${formId} form`, { formId: `must be ${formId}` });
      const form = forms.get(body.formId, body.formVersion);
      if (!form) {
        throw new HttpError(400, 'INVALID_REQUEST', `${formId} has no version ${body.formVersion}`, {
          formVersion: `one of ${forms.versionsOf(formId).join(', ')}`,
        });
      }
      const now = new Date().toISOString();
      const validation = validateAnswers(form, body.answers, body.language, now.slice(0, 10));
      if (!validation.ok) {
        const fields = Object.fromEntries(Object.entries(validation.fields).map(([path, message]) => [`answers.${path}`, message]));
        throw new HttpError(400, 'INVALID_SUBMISSION', `The submission does not meet the ${formId} form (v${form.version}); see fields`, fields);
      }
      const id = newRecordId(kind);
      const answers = validation.answers;
      const { id: recordId } = await createRecord({
        summary: {
          id,
          kind,
          stage: 'intake',
          createdAt: now,
          updatedAt: now,
          createdByOrg: caller.organisationId,
          formId: form.id,
          formVersion: form.version,
          language: body.language,
          ...(kind === 'case'
            ? { consent: { lawEnforcement: answers.consentLawEnforcement, dataSharing: answers.consentDataSharing, changes: [] } }
            : {}),
        },
        items: [
          {
            pk: recordPk(kind, id),
            sk: `SUBMISSION#${now}`,
            formId: form.id,
            formVersion: form.version,
            language: body.language,
            answers,
            submittedAt: now,
            submittedBy: caller.userId,
          },
          stepItem(kind, id, { event: 'submitted', actor: caller, summary: { formId: form.id, formVersion: form.version } }, now),
          organisationLink(kind, id, caller.organisationId, now),
        ],
        idempotency: {
          key: createHash('sha256').update(`${caller.userId}\n${key}`).digest('hex'),
          bodyHash: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
        },
      }).catch((error) => {
        if (error instanceof IdempotencyConflict) throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', error.message);
        throw error;
      });
      // Started on every attempt: the execution is named after the record, so this is idempotent,
      // and a retry after a failed start starts it then.
      await startWorkflow(workflow, recordId, { [`${kind}Id`]: recordId, policy: currentWorkflowPolicy() });
      return json(201, { [`${kind}Id`]: recordId });
    },
  });
}
