// The delivery worker (the webhook-deliveries queue): one attempt of one delivery, signed as the
// Standard Webhooks specification says (webhook-id, webhook-timestamp, webhook-signature), with
// `data` computed now by the access policy, and what follows recorded with the attempt: delivered,
// a retry at its time, or the dead letters. A message the worker cannot settle is thrown back.
import type { SQSEvent } from 'aws-lambda';
import { eventNotice } from '../domain/access.ts';
import { afterAttempt, payloadOf, signedHeaders } from '../domain/webhooks.ts';
import { sendToReceiver } from '../store/receivers.ts';
import { loadRecord } from '../store/records.ts';
import { getDelivery, getHook, recordAttempt, secretOf, type DeliveryMessage } from '../store/webhooks.ts';

export async function handler(event: SQSEvent): Promise<void> {
  for (const message of event.Records) await deliver(JSON.parse(message.body) as DeliveryMessage);
}

async function deliver({ hookId, deliveryId, attempts }: DeliveryMessage): Promise<void> {
  const delivery = await getDelivery(hookId, deliveryId);
  if (!delivery || delivery.status !== 'pending' || delivery.attempts !== attempts) return;
  const [hook, secret] = await Promise.all([getHook(hookId), secretOf(hookId)]);
  if (!hook || !secret) {
    await recordAttempt(delivery, undefined, { status: 'dead' });
    return;
  }
  const parts = delivery.recordKind === 'form' ? undefined : await loadRecord(delivery.recordKind, delivery.recordId, { personal: false });
  const data = eventNotice({ role: hook.role, organisationId: hook.organisationId }, delivery, parts);
  if (!data) {
    // The organisation may no longer hear of it (it stepped back from the case): nothing is sent.
    await recordAttempt(delivery, undefined, { status: 'withheld' });
    return;
  }
  const body = JSON.stringify(payloadOf(delivery, data));
  const sentAt = new Date();
  const result = await sendToReceiver(hook.url, signedHeaders(secret, deliveryId, sentAt, body), body);
  const now = new Date();
  const at = sentAt.toISOString();
  await recordAttempt(delivery, { at, durationMs: now.getTime() - sentAt.getTime(), ...result }, afterAttempt(result, delivery.attempts, delivery.firstAttemptAt ?? at, now.toISOString()));
}
