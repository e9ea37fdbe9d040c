// POST /cases/{caseId}/reopening {reason}: a closed case opened again, with why (timeline, event
// `case.reopened`); open again for retention, the board and the figures.
import { reopeningRequest } from '../contracts/requests.ts';
import { managesLifecycle, maySeeCase } from '../domain/access.ts';
import { planReopening } from '../domain/closure.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { applyLifecycle } from '../store/lifecycle.ts';
import { loadRecord } from '../store/records.ts';

export const handler = api({
  body: reopeningRequest,
  handle: async ({ caller, path, body }) => {
    const parts = await loadRecord('case', path.caseId, { personal: false });
    if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
    if (!managesLifecycle(caller, parts)) throw new HttpError(403, 'FORBIDDEN', 'Only the case’s team or the coordination may reopen it');
    const now = new Date().toISOString();
    const plan = planReopening(parts, caller, body.reason, now);
    await applyLifecycle(parts.record, plan, now);
    return json(200, { caseId: path.caseId, stage: plan.stage });
  },
});
