// POST /webhooks: an organisation's coordination registers where its events go (docs/webhooks.md).
// The target is checked on what its name resolves to; the signing secret is shown once, here, and
// kept sealed. The organisation's limit is kept by the store's count (TooManyHooks). A hook hears
// what its registrar's role of its organisation may see (access.ts).
import { webhookRequest } from '../contracts/requests.ts';
import { api, HttpError, json } from '../middleware/http.ts';
import { resolveTarget } from '../store/receivers.ts';
import { createHook } from '../store/webhooks.ts';

export const handler = api({
  body: webhookRequest,
  handle: async ({ caller, body }) => {
    const target = await resolveTarget(body.url);
    if ('refused' in target) throw new HttpError(400, 'INVALID_WEBHOOK_URL', `The webhook URL ${target.refused}`, { url: target.refused });
    const createdAt = new Date().toISOString();
    // Stored as it will be called (normalised): what is listed is what is called.
    const hook = { url: new URL(body.url).href, events: [...new Set(body.events)], description: body.description, organisationId: caller.organisationId, role: caller.role, createdBy: caller.userId, createdAt };
    const { id, secret } = await createHook(hook);
    return json(201, { id, secret, ...hook });
  },
});
