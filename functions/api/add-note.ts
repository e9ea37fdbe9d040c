// POST /cases/{caseId}/notes: a note of the case's team, sealed under the case's key like the
// answers; the timeline says only that a note was added.
import { noteRequest } from '../contracts/requests.ts';
import { noteOf } from '../domain/case-plan.ts';
import { api, json } from '../middleware/http.ts';
import { caseOfTeam, writeNote } from '../store/case-plan.ts';

export const handler = api({
  body: noteRequest,
  handle: async ({ caller, path, body }) => {
    const record = await caseOfTeam(caller, path.caseId);
    const { note, step } = noteOf(record, body.text, caller, new Date().toISOString());
    await writeNote(record.id, note, step);
    return json(201, { caseId: record.id, at: note.at });
  },
});
