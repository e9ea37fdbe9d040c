// POST /cases/{caseId}/referrals: the case's team refers the case to a partner for a service,
// only within the person's consent to data sharing (409 NO_DATA_SHARING_CONSENT, nothing stored);
// the partner-referral workflow asks the partner, with a deadline and escalation.
import { referralRequest } from '../contracts/requests.ts';
import { workflowInput } from '../domain/intake.ts';
import { planReferral } from '../domain/partner-referrals.ts';
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, newLifecycleId, writeReferral } from '../store/case-plan.ts';
import { getOrganisation } from '../store/organisations.ts';
import { startWorkflow } from '../store/workflows.ts';

export const handler = api({
  body: referralRequest,
  handle: async ({ caller, path, body }) => {
    const record = await caseOfTeam(caller, path.caseId);
    const { referral, step } = planReferral(record, body, await getOrganisation(body.organisationId), newLifecycleId('r'), caller, new Date().toISOString());
    await writeReferral(referral, step);
    await startWorkflow('partner-referral', `${record.id}-${referral.referralId}`, { ...workflowInput('case', record.id), referralId: referral.referralId, organisationId: referral.organisationId });
    const { reason: _reason, createdBy: _by, ...referred } = referral;
    return json(201, referred);
  },
});
