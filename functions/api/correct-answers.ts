// POST /cases/{caseId}/corrections: amend the person's answers with a reason. The earlier answers
// stay in the history, the assessment is run again, a changed determination shows on the timeline,
// and duplicates are matched on the corrected names from then on.
import { forms } from '../../forms/registry.ts';
import { maySeeCase } from '../domain/access.ts';
import { planCorrection } from '../domain/correction.ts';
import { kindOfId } from '../domain/records.ts';
import { correctionRequest } from '../contracts/requests.ts';
import { api, HttpError, json, languageOf } from '../middleware/http.ts';
import { writeCorrection } from '../store/corrections.ts';
import { MatchingMoved } from '../store/matching.ts';
import { loadRecord } from '../store/records.ts';
import { retryOn } from '../store/transactions.ts';

export const handler = api({
  body: correctionRequest,
  handle: async ({ event, caller, path, body }) => {
    // The case's blind index is written again with it: a duplicate check meanwhile makes it go again.
    const plan = await retryOn(MatchingMoved, async () => {
      const parts = kindOfId(path.caseId) === 'case' ? await loadRecord('case', path.caseId) : undefined;
      if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
      if (parts.erased) throw new HttpError(410, 'ERASED', `The case ${path.caseId} was erased`);
      const form = forms.get(parts.submission?.formId ?? '', parts.submission?.formVersion)!;
      const now = new Date().toISOString();
      const plan = planCorrection(parts, form, body, caller, languageOf(event), now);
      await writeCorrection(path.caseId, parts, plan, now);
      return plan;
    });
    return json(200, { caseId: path.caseId, corrected: plan.step.summary?.fields, assessment: plan.record.assessment });
  },
});
