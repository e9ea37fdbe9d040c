// GET /webhooks, DELETE /webhooks/{id}: an organisation's hooks (never another's, never a secret);
// deleting one shreds its secret, and its waiting deliveries end.
import { api, HttpError, json } from '../middleware/http.ts';
import { allHooks, deleteHook, getHook } from '../store/webhooks.ts';
import { managesHook } from '../domain/access.ts';

export const handler = api({
  handle: async ({ event, caller, path }) => {
    if (event.routeKey.startsWith('GET')) {
      const hooks = (await allHooks()).filter((hook) => managesHook(caller, hook));
      return json(200, { items: hooks.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) });
    }
    const hook = await getHook(path.id);
    if (!hook || !managesHook(caller, hook)) throw new HttpError(404, 'NOT_FOUND', `No webhook ${path.id}`);
    if (!(await deleteHook(hook))) throw new HttpError(404, 'NOT_FOUND', `No webhook ${path.id}`);
    return json(200, { id: hook.id, deleted: true });
  },
});
