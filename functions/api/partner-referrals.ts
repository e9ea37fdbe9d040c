// Referrals to partners (issue 16), for the case's own team. POST /cases/{caseId}/referrals
// refers the case to a partner for a service, only within the person's consent to data sharing
// (409 NO_DATA_SHARING_CONSENT, nothing stored); the partner-referral workflow asks the partner,
// with a deadline and escalation. GET lists them (their reasons are the team's words: audited).
// POST …/revocation takes back one the partner has not answered: its task withdrawn
// (task.withdrawn), the partner stepped back, the workflow ended; against a racing answer, one of
// the two wins. GET /partners: the organisations the team may plan with, refer or transfer to.
import { referralRequest } from '../contracts/requests.ts';
import { workflowInput } from '../domain/intake.ts';
import { partnerTypes, planReferral, planRevocation, referralRevoked } from '../domain/partner-referrals.ts';
import { responsibleTypes } from '../domain/transfer.ts';
import { api, byRoute, json } from '../middleware/http.ts';
import { caseOfTeam, newLifecycleId, referralsOf, writeReferral } from '../store/case-plan.ts';
import { getOrganisation, listOrganisations } from '../store/organisations.ts';
import { loadRecord } from '../store/records.ts';
import { writeRevocation } from '../store/tasks.ts';
import { recordReads } from '../store/timeline.ts';
import { startWorkflow, tellWorkflow } from '../store/workflows.ts';

export const handler = byRoute({
  'POST /cases/{caseId}/referrals': api({
    body: referralRequest,
    handle: async ({ caller, path, body }) => {
      const record = await caseOfTeam(caller, path.caseId);
      const [organisation, earlier] = await Promise.all([getOrganisation(body.organisationId), referralsOf(record.id)]);
      const { referral, step } = planReferral(record, body, organisation, newLifecycleId('r'), caller, new Date().toISOString(), earlier);
      await writeReferral(referral, step);
      await startWorkflow('partner-referral', `${record.id}-${referral.referralId}`, { ...workflowInput('case', record.id), referralId: referral.referralId, organisationId: referral.organisationId });
      const { reason: _reason, createdBy: _by, ...referred } = referral;
      return json(201, referred);
    },
  }),
  'GET /cases/{caseId}/referrals': api({
    handle: async ({ caller, path }) => {
      const record = await caseOfTeam(caller, path.caseId);
      const referrals = (await referralsOf(record.id)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      if (referrals.length) await recordReads([{ kind: 'case', id: record.id, reader: caller, view: 'referrals' }]);
      return json(200, { items: referrals });
    },
  }),
  'POST /cases/{caseId}/referrals/{referralId}/revocation': api({
    handle: async ({ caller, path }) => {
      const record = await caseOfTeam(caller, path.caseId);
      const [referrals, parts] = await Promise.all([referralsOf(record.id), loadRecord('case', record.id, { personal: false })]);
      const referral = referrals.find((candidate) => candidate.referralId === path.referralId);
      const task = parts?.tasks.find((candidate) => candidate.kind === 'partner-referral' && candidate.subjectId === path.referralId && candidate.status === 'open');
      const { step } = planRevocation(record, referral, task, caller);
      const at = new Date().toISOString();
      await writeRevocation(task!, referral!, step, at);
      // If the workflow cannot be told now, the overdue sweep tells it later.
      await tellWorkflow({ ...task!, resume: referralRevoked }).catch(() => undefined);
      return json(200, { referralId: path.referralId, status: 'revoked' });
    },
  }),
  'GET /partners': api({
    handle: async () => {
      const organisations = await listOrganisations();
      const items = organisations.filter((organisation) => partnerTypes.includes(organisation.type) || responsibleTypes.includes(organisation.type));
      return json(200, { items: items.map(({ id, name, type }) => ({ id, name, type, referral: partnerTypes.includes(type), transfer: responsibleTypes.includes(type) })) });
    },
  }),
});
