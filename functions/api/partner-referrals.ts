// GET /cases/{caseId}/referrals: the case's referrals to partners and where each stands, to the
// case's team; their reasons are the team's words, so the read is audited.
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, referralsOf } from '../store/case-plan.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, path }) => {
    const record = await caseOfTeam(caller, path.caseId);
    const referrals = (await referralsOf(record.id)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (referrals.length) await recordReads([{ kind: 'case', id: record.id, reader: caller, view: 'referrals' }]);
    return json(200, { items: referrals });
  },
});
