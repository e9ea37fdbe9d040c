// POST /forms/{formId}/submissions: a submission of an imported form, validated by the version it
// names, sealed, and kept on its own or attached to a case the submitter may see as a follow-up
// record (on the case's timeline). Idempotency-Key as for screenings: a retry changes nothing.
import { forms } from '../../forms/registry.ts';
import { formSubmission } from '../contracts/requests.ts';
import { maySeeCase } from '../domain/access.ts';
import { planFormSubmission } from '../domain/form-submission.ts';
import { kindOfId } from '../domain/records.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { importedForm, importedVersions, newSubmissionId, saveFormSubmission } from '../store/forms.ts';
import { loadRecord } from '../store/records.ts';

export const handler = api({
  body: formSubmission,
  handle: async ({ event, caller, body, path }) => {
    if (body.formId !== undefined && body.formId !== path.formId) throw new HttpError(400, 'INVALID_REQUEST', `This route takes the ${path.formId} form`, { formId: `must be ${path.formId}` });
    if (forms.get(path.formId)) throw new HttpError(400, 'NOT_AN_IMPORTED_FORM', `${path.formId} is one of Puente's own forms: submit it through its own route (e.g. POST /screenings)`);
    const versions = await importedVersions(path.formId);
    if (!versions.length) throw new HttpError(404, 'NOT_FOUND', `No form named ${path.formId}`);
    if (body.caseId) {
      // A case the submitter may not see answers as if it did not exist (as GET /cases/{caseId}).
      const parts = kindOfId(body.caseId) === 'case' ? await loadRecord('case', body.caseId, { personal: false }) : undefined;
      if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${body.caseId} that you may see`);
    }
    const form = versions.includes(body.formVersion) ? await importedForm(path.formId, body.formVersion) : undefined;
    const idempotencyKey = event.headers['idempotency-key'];
    const plan = planFormSubmission({ body, formId: path.formId, form, publishedVersions: versions, caller, idempotencyKey, id: newSubmissionId(), now: new Date().toISOString() });
    const { submissionId } = await saveFormSubmission(plan);
    return json(201, { submissionId, formId: path.formId, formVersion: body.formVersion, ...(body.caseId ? { caseId: body.caseId } : {}) });
  },
});
