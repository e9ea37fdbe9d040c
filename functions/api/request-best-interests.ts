// POST /cases/{caseId}/best-interests: a child's best-interests assessment, by child protection and
// approved by a coordinator (the `best-interests` workflow); a child's durable solution waits for it.
import { bestInterestsRequest } from '../contracts/requests.ts';
import { managesLifecycle, maySeeCase } from '../domain/access.ts';
import { planBestInterests } from '../domain/approvals.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { applyLifecycle } from '../store/lifecycle.ts';
import { loadRecord } from '../store/records.ts';

export const handler = api({
  body: bestInterestsRequest,
  handle: async ({ caller, path }) => {
    const parts = await loadRecord('case', path.caseId, { personal: false });
    if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId} that you may see`);
    if (!managesLifecycle(caller, parts)) throw new HttpError(403, 'FORBIDDEN', 'Only the case’s team, child protection or the coordination may open it');
    const now = new Date().toISOString();
    const plan = planBestInterests(parts, caller, now);
    await applyLifecycle(parts.record, plan, now);
    return json(201, { caseId: path.caseId, bestInterests: plan.fields.bestInterests });
  },
});
