// PUT /organizations/{id}/beds: a shelter's people say how many beds are free now, for their own
// shelter only; name, capacity and whom it takes stay the coordination's (PUT /organizations/{id}).
// The count is absolute, so it needs If-Match: a placement taking a bed meanwhile wins (412).
import { bedsCount } from '../contracts/requests.ts';
import { countsBedsOf } from '../domain/access.ts';
import { NotYourShelter } from '../domain/organisations.ts';
import { api, HttpError, ifMatchVersion, json } from '../middleware/http.ts';
import { setBedsFree } from '../store/organisations.ts';

export const handler = api({
  body: bedsCount,
  handle: async ({ event, caller, path, body }) => {
    if (!countsBedsOf(caller, path.id)) throw new NotYourShelter(path.id);
    const readAt = ifMatchVersion(event);
    if (readAt === undefined) throw new HttpError(428, 'PRECONDITION_REQUIRED', 'Send If-Match with the version you read (GET /organizations/{id}/beds), so a bed taken meanwhile is not given back', { 'If-Match': 'required' });
    const version = await setBedsFree(path.id, body.bedsFree, readAt, new Date().toISOString());
    if (version === undefined) throw new NotYourShelter(path.id);
    return json(200, { id: path.id, bedsFree: body.bedsFree, version }, { etag: `"${version}"` });
  },
});
