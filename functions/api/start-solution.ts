// POST /cases/{caseId}/solutions {kind, consent}: a durable solution, with the person's informed,
// voluntary consent and the language it was explained in. Voluntary return is refused with 409
// NON_REFOULEMENT_HOLD while the person may be a refugee (the interview is opened for fearOfReturn);
// a child's needs an approved best-interests assessment. Then the `solution` workflow runs.
import { solutionRequest } from '../contracts/requests.ts';
import { managesLifecycle, maySeeCase } from '../domain/access.ts';
import { planSolution } from '../domain/solutions.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { applyLifecycle } from '../store/lifecycle.ts';
import { loadRecord } from '../store/records.ts';

export const handler = api({
  body: solutionRequest,
  handle: async ({ caller, path, body }) => {
    const parts = await loadRecord('case', path.caseId);
    if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
    if (!managesLifecycle(caller, parts)) throw new HttpError(403, 'FORBIDDEN', 'Only the case’s team, child protection or the coordination may start a durable solution');
    const now = new Date().toISOString();
    const plan = planSolution(parts, body, caller, now);
    await applyLifecycle(parts.record, plan, now);
    return json(201, { caseId: path.caseId, solution: plan.fields.solution });
  },
});
