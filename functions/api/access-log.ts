// GET /cases/{caseId}/access-log: every read and change of a case, newest first, and whether its
// chain of entries still verifies (an edited, deleted, inserted or reordered entry shows, and where).
import { accessLog } from '../domain/history.ts';
import { kindOfId } from '../domain/records.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { getRecord } from '../store/records.ts';
import { loadHistory } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ path }) => {
    const record = kindOfId(path.caseId) === 'case' ? await getRecord('case', path.caseId) : undefined;
    if (!record) throw new HttpError(404, 'NOT_FOUND', `No case ${path.caseId}`);
    return json(200, { caseId: path.caseId, ...accessLog(await loadHistory('case', path.caseId)) });
  },
});
