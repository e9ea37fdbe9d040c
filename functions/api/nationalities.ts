// GET /nationalities?cases=…: the nationality of each case on the coordinator's board, read when
// the coordinator asks for the column. It is sealed with the interview and kept off every index
// (an index copies in the clear), so it is opened here, per case, and each opening is audited as a
// read of that person; an erased case has none to give.
import { nationalitiesQuery } from '../contracts/requests.ts';
import { boardNationality, mayOpenPersonalData } from '../domain/access.ts';
import { api, HttpError, json, zodFields } from '../middleware/http.ts';
import { loadBriefParts } from '../store/records.ts';
import { recordReads } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ caller, query }) => {
    const parsed = nationalitiesQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', 'The query is not valid; see fields', zodFields(parsed.error));
    const ids = [...new Set(parsed.data.cases.split(','))];
    const parts = await loadBriefParts(ids.map((id) => ({ kind: 'case' as const, id })), (record) => mayOpenPersonalData(caller, record));
    const found = [...parts.entries()].flatMap(([id, { submission }]) => {
      const nationality = boardNationality(caller, submission?.answers);
      return nationality ? [[id, nationality] as const] : [];
    });
    await recordReads(found.map(([id]) => ({ kind: 'case' as const, id, reader: caller, view: 'board-nationality' })));
    return json(200, { items: Object.fromEntries(found) });
  },
});
