// POST /cases/{caseId}/plan: the case's team plans a service for the person, for an organisation
// (its own by default) by a date; the follow-up workflow asks that organisation by then, reminds
// it before and escalates after (workflows/follow-up.asl.json).
import { planRequest } from '../contracts/requests.ts';
import { planService } from '../domain/case-plan.ts';
import { workflowInput } from '../domain/intake.ts';
import { responsibleOrgOf } from '../domain/records.ts';
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, newLifecycleId, writePlanEntry } from '../store/case-plan.ts';
import { getOrganisation } from '../store/organisations.ts';
import { startWorkflow } from '../store/workflows.ts';

export const handler = api({
  body: planRequest,
  handle: async ({ caller, path, body }) => {
    const record = await caseOfTeam(caller, path.caseId);
    const organisation = await getOrganisation(body.organisationId ?? responsibleOrgOf(record));
    const { entry, step } = planService(record, body, organisation, newLifecycleId('p'), caller, new Date().toISOString());
    await writePlanEntry(entry, step);
    await startWorkflow('follow-up', `${record.id}-${entry.planId}`, { ...workflowInput('case', record.id), planId: entry.planId, organisationId: entry.organisationId });
    const { note: _note, createdBy: _by, ...planned } = entry;
    return json(201, planned);
  },
});
