// GET /cases/{caseId}/plan: the case's plan, soonest due first, with what is overdue; its notes
// are the team's own words, so reading it is audited as a read of the person.
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, planOf } from '../store/case-plan.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, path }) => {
    const record = await caseOfTeam(caller, path.caseId);
    const entries = (await planOf(record.id)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    if (entries.some((entry) => entry.note)) await recordReads([{ kind: 'case', id: record.id, reader: caller, view: 'plan' }]);
    const now = new Date().toISOString();
    return json(200, { items: entries.map((entry) => ({ ...entry, overdue: entry.status === 'overdue' || (entry.status === 'planned' && entry.dueAt < now) })) });
  },
});
