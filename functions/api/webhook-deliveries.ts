// GET /webhooks/{id}/deliveries: a hook's newest deliveries with every attempt (time, status,
// duration, error). POST …/deliveries/{deliveryId}/retry: send one again, now, with a new day of
// retries (a dead letter included). Only the hook's own organisation sees or retries them.
import { webhookPolicy } from '../domain/policy.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { deliveriesOf, getHook, retryDelivery } from '../store/webhooks.ts';
import { managesHook } from '../domain/access.ts';

export const handler = api({
  handle: async ({ event, caller, path }) => {
    const hook = await getHook(path.id);
    if (!hook || !managesHook(caller, hook)) throw new HttpError(404, 'NOT_FOUND', `No webhook ${path.id}`);
    if (event.routeKey.startsWith('GET')) return json(200, { items: await deliveriesOf(hook.id, webhookPolicy.deliveriesListed) });
    if (!(await retryDelivery(hook.id, path.deliveryId, new Date().toISOString()))) throw new HttpError(404, 'NOT_FOUND', `No delivery ${path.deliveryId} of webhook ${hook.id}`);
    return json(200, { deliveryId: path.deliveryId, status: 'pending' });
  },
});
