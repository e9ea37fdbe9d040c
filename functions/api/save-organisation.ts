// POST /organizations, PUT /organizations/{id}: register or change a member. Each carries a version
// (it goes up when a bed is taken, too); a PUT with If-Match: <version> changes it only if it is
// still at that version, so a stale form cannot undo a placement.
import { organisation } from '../contracts/requests.ts';
import { api, HttpError, ifMatchVersion, json } from '../middleware/http.ts';
import { createOrganisation, replaceOrganisation } from '../store/organisations.ts';

const etag = (version: number) => ({ etag: `"${version}"` });

export const handler = api({
  body: organisation,
  handle: async ({ event, path, body }) => {
    const changes = { ...body, updatedAt: new Date().toISOString() };
    if (event.routeKey.startsWith('POST')) {
      await createOrganisation(changes);
      return json(201, { id: body.id, version: 1 }, etag(1));
    }
    if (body.id !== path.id) throw new HttpError(400, 'INVALID_REQUEST', 'The id in the body must match the path', { id: `must be ${path.id}` });
    const version = await replaceOrganisation(changes, ifMatchVersion(event));
    if (version === undefined) throw new HttpError(404, 'NOT_FOUND', `No organisation ${body.id}`);
    return json(200, { id: body.id, version }, etag(version));
  },
});
