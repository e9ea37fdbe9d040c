// GET /organizations, POST /organizations, PUT /organizations/{id}: the coalition's members.
import { api, HttpError, json } from '../middleware/http.ts';
import { listOrganisations, putOrganisation, type Organisation } from '../store/organisations.ts';
import { organisation } from './contracts.ts';

const list = api({ handle: async () => json(200, { items: await listOrganisations() }) });

const save = api({
  body: organisation,
  handle: async ({ event, path, body }) => {
    const updating = event.routeKey.startsWith('PUT');
    if (updating && body.id !== path.id) throw new HttpError(400, 'INVALID_REQUEST', 'The id in the body must match the path', { id: `must be ${path.id}` });
    try {
      await putOrganisation({ ...body, updatedAt: new Date().toISOString() } as Organisation, updating);
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      throw updating
        ? new HttpError(404, 'NOT_FOUND', `No organisation ${body.id}`)
        : new HttpError(409, 'ALREADY_EXISTS', `An organisation ${body.id} exists already; use PUT to change it`);
    }
    return json(updating ? 200 : 201, { id: body.id });
  },
});

export const handler = (event: { routeKey: string }, context: any) => (event.routeKey.startsWith('GET') ? list : save)(event as any, context);
