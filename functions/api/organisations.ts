// GET /organizations, POST /organizations, PUT /organizations/{id}: the coalition's members.
// Each carries a version (it goes up when a bed is taken, too); a PUT with If-Match: <version>
// changes it only if it is still at that version, so a stale form cannot undo a placement.
import { api, HttpError, json, type ApiEvent } from '../middleware/http.ts';
import { createOrganisation, listOrganisations, OrganisationChanged, OrganisationExists, replaceOrganisation } from '../store/organisations.ts';
import { organisation } from './contracts.ts';

const list = api({ handle: async () => json(200, { items: await listOrganisations() }) });

/** The version an If-Match header names (`3`, `"3"` or `W/"3"`); undefined without the header. */
function expectedVersion(event: ApiEvent): number | undefined {
  const header = event.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match) throw new HttpError(400, 'INVALID_REQUEST', 'If-Match must be the version you read, e.g. "3"', { 'If-Match': 'a version number' });
  return Number(match[1]);
}

const etag = (version: number) => ({ etag: `"${version}"` });

const save = api({
  body: organisation,
  handle: async ({ event, path, body }) => {
    const changes = { ...body, updatedAt: new Date().toISOString() };
    if (event.routeKey.startsWith('POST')) {
      try {
        await createOrganisation(changes);
      } catch (error) {
        if (error instanceof OrganisationExists) throw new HttpError(409, 'ALREADY_EXISTS', `An organisation ${body.id} exists already; use PUT to change it`, { id: 'already taken by another organisation' });
        throw error;
      }
      return json(201, { id: body.id, version: 1 }, etag(1));
    }
    if (body.id !== path.id) throw new HttpError(400, 'INVALID_REQUEST', 'The id in the body must match the path', { id: `must be ${path.id}` });
    const expected = expectedVersion(event);
    let version: number | undefined;
    try {
      version = await replaceOrganisation(changes, expected);
    } catch (error) {
      if (error instanceof OrganisationChanged) {
        throw new HttpError(412, 'PRECONDITION_FAILED', `${body.id} ${error.message}; read it again and redo your change`, { 'If-Match': `now ${error.currentVersion}` });
      }
      throw error;
    }
    if (version === undefined) throw new HttpError(404, 'NOT_FOUND', `No organisation ${body.id}`);
    return json(200, { id: body.id, version }, etag(version));
  },
});

export const handler = (event: { routeKey: string }, context: any) => (event.routeKey.startsWith('GET') ? list : save)(event as any, context);
