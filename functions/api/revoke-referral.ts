// POST /cases/{caseId}/referrals/{referralId}/revocation: the case's team takes back a referral
// the partner has not answered; its task is withdrawn (task.withdrawn), the partner steps back and
// the workflow ends. Against a racing answer, one of the two wins.
import { planRevocation, referralRevoked } from '../domain/partner-referrals.ts';
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, referralsOf } from '../store/case-plan.ts';
import { loadRecord } from '../store/records.ts';
import { writeRevocation } from '../store/tasks.ts';
import { tellWorkflow } from '../store/workflows.ts';

export const handler = api({
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
});
