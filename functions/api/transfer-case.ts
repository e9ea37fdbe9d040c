// POST /cases/{caseId}/transfer: the case's team asks another screening team or inspectorate to
// take responsibility for the case; the transfer workflow waits for its answer (deadline and
// escalation). Accepted, the case moves with the decision (store/tasks.ts writeDecision).
import { transferRequest } from '../contracts/requests.ts';
import { workflowInput } from '../domain/intake.ts';
import { planTransfer } from '../domain/transfer.ts';
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, newLifecycleId, writeTransferRequest } from '../store/case-plan.ts';
import { getOrganisation } from '../store/organisations.ts';
import { startWorkflow } from '../store/workflows.ts';

export const handler = api({
  body: transferRequest,
  handle: async ({ caller, path, body }) => {
    const record = await caseOfTeam(caller, path.caseId);
    const { pending, step } = planTransfer(record, body, await getOrganisation(body.organisationId), newLifecycleId('x'), caller);
    await writeTransferRequest(record, pending, body.reason, caller, step, new Date().toISOString());
    await startWorkflow('transfer', `${record.id}-${pending.transferId}`, { ...workflowInput('case', record.id), transferId: pending.transferId, organisationId: pending.to });
    return json(201, { caseId: record.id, ...pending, status: 'pending' });
  },
});
