// POST /cases/{caseId}/consent: a change of consent, validated against the consent form, written
// over the consent it was decided on (ten changes at once keep ten entries), with the referrals
// to law enforcement it withdraws; consent to law enforcement given now starts the coordination.
// A restriction follows the person to every case linked to this one as the same person.
import { validateAnswers } from '../../forms/engine/validation.ts';
import { forms } from '../../forms/registry.ts';
import { maySeeCase } from '../domain/access.ts';
import { consentWithdrawn, planPersonConsent } from '../domain/consent.ts';
import { workflowInput } from '../domain/intake.ts';
import { answerFields } from '../domain/refusal.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { linkedCasesOf } from '../store/matching.ts';
import { loadRecord } from '../store/records.ts';
import { ConsentChanged, writeConsent } from '../store/tasks.ts';
import { retryOn } from '../store/transactions.ts';
import { startWorkflow, tellWorkflow } from '../store/workflows.ts';
import { consentChange } from '../contracts/requests.ts';

export const handler = api({
  body: consentChange,
  handle: async ({ caller, path, body }) => {
    const validation = validateAnswers(forms.get('consent')!, body.answers, body.language, new Date().toISOString().slice(0, 10));
    if (!validation.ok) throw new HttpError(400, 'INVALID_SUBMISSION', 'The consent does not meet the consent form; see fields', answerFields(validation.fields));
    const change = { lawEnforcement: validation.answers.lawEnforcement as string, dataSharing: validation.answers.dataSharing as string };
    const person = await retryOn(ConsentChanged, async () => {
      const parts = await loadRecord('case', path.caseId, { personal: false });
      if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
      // One person, one consent: a restriction follows to every case linked to this one as the same person.
      const now = new Date().toISOString();
      const person = planPersonConsent(parts, await linkedCasesOf([parts]), change, caller, now);
      await writeConsent(person, now);
      return person;
    });
    if (person.plan.startLiaison) await startWorkflow('liaison', person.plan.startLiaison, workflowInput('case', path.caseId));
    for (const task of [...person.ended, ...person.linked.flatMap((other) => other.ended)]) await tellWorkflow({ ...task, resume: consentWithdrawn }).catch(() => {});
    return json(200, { caseId: path.caseId, consent: change });
  },
});
