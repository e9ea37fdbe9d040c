// The dispatcher (a schedule): turns each event of the outbox into a delivery for every hook that
// listens for its type and whose organisation may hear of it now (access.ts `eventNotice`), then
// hands the deliveries that are due (new ones, and retries whose time came) to the queue. It reads
// again while there is more, for a bounded time; the next run takes the rest.
import { eventNotice } from '../domain/access.ts';
import { webhookPolicy } from '../domain/policy.ts';
import { eventDispatched, pendingEvents } from '../store/events.ts';
import { loadRecord } from '../store/records.ts';
import { allHooks, createDeliveries, queueDueDeliveries, type Webhook } from '../store/webhooks.ts';

export async function handler(): Promise<{ events: number; queued: number }> {
  const until = Date.now() + webhookPolicy.dispatchSeconds * 1000;
  let events = 0;
  for (let page = await pendingEvents(webhookPolicy.batch); page.length; page = Date.now() < until ? await pendingEvents(webhookPolicy.batch) : []) {
    // Read after the page: a hook registered before any of its events committed is among them.
    const hooks: Webhook[] = await allHooks();
    const now = new Date().toISOString();
    for (const event of page) {
      const listening = hooks.filter((hook) => hook.events.includes(event.type));
      // Read without the person's data: no hook is ever told any.
      const parts = listening.length && event.recordKind !== 'form' ? await loadRecord(event.recordKind, event.recordId, { personal: false }) : undefined;
      const hearing = listening.filter((hook) => eventNotice({ role: hook.role, organisationId: hook.organisationId }, event, parts));
      await createDeliveries(event, hearing.map((hook) => hook.id), now);
      await eventDispatched(event);
    }
    events += page.length;
  }
  const queued = await queueDueDeliveries(until);
  return { events, queued };
}
