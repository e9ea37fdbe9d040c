// POST /cases/{caseId}/consent: a change of consent, validated against the consent form.
import { validateAnswers } from '../../forms/engine/validation.ts';
import { forms } from '../../forms/registry.ts';
import { maySeeCase } from '../domain/access.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { loadRecord } from '../store/records.ts';
import { changeConsent } from './consent-change.ts';
import { consentChange } from './contracts.ts';

export const handler = api({
  body: consentChange,
  handle: async ({ caller, path, body }) => {
    const parts = await loadRecord('case', path.caseId);
    if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
    const validation = validateAnswers(forms.get('consent')!, body.answers, body.language, new Date().toISOString().slice(0, 10));
    if (!validation.ok) {
      const fields = Object.fromEntries(Object.entries(validation.fields).map(([field, message]) => [`answers.${field}`, message]));
      throw new HttpError(400, 'INVALID_SUBMISSION', 'The consent does not meet the consent form; see fields', fields);
    }
    const answers = validation.answers as { lawEnforcement: string; dataSharing: string };
    await changeConsent(path.caseId, { lawEnforcement: answers.lawEnforcement, dataSharing: answers.dataSharing }, caller);
    return json(200, { caseId: path.caseId, consent: { lawEnforcement: answers.lawEnforcement, dataSharing: answers.dataSharing } });
  },
});
