// GET /cases/{caseId}/notes: the team's notes, to the case's own team only (a partner or a
// receiving organisation never reads them); each read audited on the case's access log.
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, notesOf } from '../store/case-plan.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, path }) => {
    const record = await caseOfTeam(caller, path.caseId);
    const notes = await notesOf(record.id);
    await recordReads([{ kind: 'case', id: record.id, reader: caller, view: 'notes' }]);
    return json(200, { items: notes.map(({ text, at, by }) => ({ text, at, by })).reverse() });
  },
});
