// GET /cases/{caseId}/follow-ups: the submissions of imported forms attached to a case, as the
// access policy lets the caller see them (answers only to the team that sees the case whole); the
// read is audited on the case's access log.
import { maySeeCase, seesFollowUpAnswers } from '../domain/access.ts';
import { kindOfId } from '../domain/records.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { followUpsOf } from '../store/forms.ts';
import { loadRecord } from '../store/records.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, path }) => {
    const id = path.caseId;
    const parts = kindOfId(id) === 'case' ? await loadRecord('case', id, { personal: false }) : undefined;
    if (!parts || !maySeeCase(caller, parts)) throw new HttpError(404, 'NOT_FOUND', `No case ${id} that you may see`);
    if (parts.erased) throw new HttpError(410, 'ERASED', `The case ${id} was erased; what remains holds nothing about the person`);
    const followUps = await followUpsOf(id, seesFollowUpAnswers(caller));
    await recordReads([{ kind: 'case', id, reader: caller, view: 'follow-ups' }]);
    return json(200, { caseId: id, followUps });
  },
});
