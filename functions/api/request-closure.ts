// POST /cases/{caseId}/closure {reason}: the case's team or a coordinator asks to close the case;
// a coordinator approves or sends it back in the `closure` workflow (closure-approval task).
import { closureRequest } from '../contracts/requests.ts';
import { managesLifecycle, maySeeCase } from '../domain/access.ts';
import { planClosure } from '../domain/closure.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { applyLifecycle } from '../store/lifecycle.ts';
import { loadRecord } from '../store/records.ts';

export const handler = api({
  body: closureRequest,
  handle: async ({ caller, path, body }) => {
    const parts = await loadRecord('case', path.caseId, { personal: false });
    if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
    if (!managesLifecycle(caller, parts)) throw new HttpError(403, 'FORBIDDEN', 'Only the case’s team or the coordination may ask to close it');
    const now = new Date().toISOString();
    const plan = planClosure(parts, caller, body.reason, now);
    await applyLifecycle(parts.record, plan, now);
    return json(201, { caseId: path.caseId, closure: plan.fields.closure });
  },
});
