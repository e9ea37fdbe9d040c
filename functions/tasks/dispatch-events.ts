// The dispatcher (a schedule): turns each event of the outbox into a delivery for every hook that
// listens for its type and whose organisation may hear of it now (access.ts `eventNotice`), then
// hands the deliveries that are due (new ones, and retries whose time came) to the queue.
import { eventNotice } from '../domain/access.ts';
import { webhookPolicy } from '../domain/policy.ts';
import { eventDispatched, pendingEvents } from '../store/events.ts';
import { enqueue } from '../store/queues.ts';
import { loadRecord } from '../store/records.ts';
import { allHooks, createDeliveries, dueDeliveries, leaseDelivery } from '../store/webhooks.ts';

export async function handler(): Promise<{ events: number; queued: number }> {
  const now = new Date().toISOString();
  const events = await pendingEvents(webhookPolicy.batch);
  const hooks = events.length ? await allHooks() : [];
  for (const event of events) {
    const listening = hooks.filter((hook) => hook.events.includes(event.type));
    // Read without the person's data: no hook is ever told any.
    const parts = listening.length ? await loadRecord(event.recordKind, event.recordId, { personal: false }) : undefined;
    const hearing = parts ? listening.filter((hook) => eventNotice({ role: hook.role, organisationId: hook.organisationId }, event, parts)) : [];
    await createDeliveries(event, hearing.map((hook) => hook.id), now);
    await eventDispatched(event);
  }
  let queued = 0;
  for (const due of await dueDeliveries(now, webhookPolicy.batch)) {
    const attempts = await leaseDelivery(due, now);
    if (attempts === undefined) continue; // another run took it
    await enqueue('webhook-deliveries', { hookId: due.hookId, deliveryId: due.deliveryId, attempts });
    queued++;
  }
  return { events: events.length, queued };
}
