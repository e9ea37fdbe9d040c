// GET /organizations: the coalition's members.
import { api, json } from '../middleware/http.ts';
import { listOrganisations } from '../store/organisations.ts';

export const handler = api({ handle: async () => json(200, { items: await listOrganisations() }) });
