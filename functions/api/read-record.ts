// GET /cases/{caseId} and GET /tips/{tipId}: one record, redacted for the caller's role; every
// read by a person is audited. A record the caller may not see answers as if it did not exist.
import { caseView, maySeeCase, tipView } from '../domain/access.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { kindOfId, loadRecord } from '../store/records.ts';
import { recordRead } from '../store/timeline.ts';

export const handler = api({
  handle: async ({ event, caller, path }) => {
    const kind = event.routeKey.startsWith('GET /tips') ? 'tip' : 'case';
    const id = kind === 'tip' ? path.tipId : path.caseId;
    const notFound = new HttpError(404, 'NOT_FOUND', `No ${kind} ${id} that you may see`);
    if (kindOfId(id) !== kind) throw notFound;
    const parts = await loadRecord(kind, id);
    if (!parts) throw notFound;
    if (kind === 'case' && !maySeeCase(caller, parts)) throw notFound;
    if (kind === 'tip' && caller.role !== 'coordinator' && !parts.linkedOrganisations.includes(caller.organisationId)) throw notFound;
    await recordRead(kind, id, { userId: caller.userId, role: caller.role, organisationId: caller.organisationId, view: `${caller.role}-view` });
    return json(200, kind === 'case' ? caseView(caller, parts) : tipView(caller, parts));
  },
});
