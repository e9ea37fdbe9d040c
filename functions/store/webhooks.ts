// Webhooks, their deliveries and each attempt (layout in table.ts). A hook's signing secret is
// sealed under a data key of its own (sealing.ts), so deleting the hook shreds it; a delivery
// waits in the `due` index while it is to be tried, keyed by when.
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/records.ts';
import { webhookPolicy } from '../domain/policy.ts';
import { Refusal } from '../domain/refusal.ts';
import type { AttemptResult, DeliveryStatus, EventType, PuenteEvent } from '../domain/webhooks.ts';
import { documents, queryEveryPage, tableName } from './clients.ts';
import { enqueue } from './queues.ts';
import { recordKeys, seal, unseal } from './sealing.ts';
import { attemptKey, DELIVERIES_DUE, deliveryIdOf, deliveryKey, HOOK_PREFIX, hookCountKey, hookIdOf, hookKey, hookPk, HOOKS, withoutKeys } from './table.ts';
import { ConditionFailed, writeTogether } from './transactions.ts';

export interface Webhook {
  id: string;
  url: string;
  events: EventType[];
  description?: string;
  organisationId: string;
  /** The role of who registered it: what the hook hears is what that role of its organisation may see. */
  role: Actor['role'];
  createdBy: string;
  createdAt: string;
}

export interface Delivery extends Omit<PuenteEvent, 'eventId'> {
  hookId: string;
  deliveryId: string;
  status: DeliveryStatus;
  attempts: number;
  firstAttemptAt?: string;
  nextAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
}

/** The secret is bound to the hook's own name as associated data: it opens for this hook only. */
const secretItem = (hookId: string) => ({ pk: hookPk(hookId), sk: 'SECRET' });
const newHookId = () => `wh_${randomBytes(12).toString('hex')}`;
/** Standard Webhooks: `whsec_` and 24 random bytes, base64. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const expiry = (at: string) => Math.floor(Date.parse(at) / 1000) + webhookPolicy.logSeconds;

export class TooManyHooks extends Refusal {
  constructor() {
    super(409, 'TOO_MANY_WEBHOOKS', `An organisation has at most ${webhookPolicy.hooksPerOrganisation} webhooks; delete one first`);
  }
}

/**
 * The organisation's count of hooks, made from its hooks where there is none yet (hooks registered
 * before the count was kept). Once it exists every registration and deletion goes through it, so
 * one writer of it wins and the others find it.
 */
async function ensureHookCount(organisationId: string): Promise<void> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: hookCountKey(organisationId), ConsistentRead: true }));
  if (Item) return;
  const hooks = (await allHooks()).filter((hook) => hook.organisationId === organisationId).length;
  try {
    await writeTogether([{ Put: { TableName: tableName(), Item: { ...hookCountKey(organisationId), hooks }, ConditionExpression: 'attribute_not_exists(pk)' } }]);
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
  }
}

/** The count moved by one in the hook's own transaction: registrations at once cannot pass the limit together (a read-then-write count could). */
const countHooks = (organisationId: string, by: 1 | -1) => ({
  Update: {
    TableName: tableName(),
    Key: hookCountKey(organisationId),
    UpdateExpression: 'SET hooks = hooks + :by',
    ...(by > 0 ? { ConditionExpression: 'hooks < :limit', ExpressionAttributeValues: { ':by': by, ':limit': webhookPolicy.hooksPerOrganisation } } : { ExpressionAttributeValues: { ':by': by } }),
  },
});

/** Registers a hook, within its organisation's limit (TooManyHooks beyond it). */
export async function createHook(hook: Omit<Webhook, 'id'>): Promise<{ id: string; secret: string }> {
  const id = newHookId();
  const secret = newSecret();
  await ensureHookCount(hook.organisationId);
  const { keyItem, key } = await (await recordKeys()).newRecordKey(hookPk(id), hook.createdAt);
  try {
    await writeTogether([
      countHooks(hook.organisationId, 1),
      { Put: { TableName: tableName(), Item: keyItem as unknown as Record<string, unknown>, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: tableName(), Item: { ...hookKey(id), id, ...hook, sealed: seal(key, { secret }, secretItem(id)) }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  } catch (error) {
    if (error instanceof ConditionFailed && error.index === 0) throw new TooManyHooks();
    throw error;
  }
  return { id, secret };
}

/** Every hook (one partition: a coalition has a few dozen at most). */
export async function allHooks(): Promise<Webhook[]> {
  const items = await queryEveryPage({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hook)', ExpressionAttributeValues: { ':pk': HOOKS, ':hook': HOOK_PREFIX } });
  return items.map(({ sealed: _sealed, ...item }) => withoutKeys(item) as Webhook);
}

export async function getHook(hookId: string): Promise<Webhook | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: hookKey(hookId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { sealed: _sealed, ...hook } = withoutKeys(Item);
  return hook as Webhook;
}

/** The hook's signing secret (the master key opens its data key); undefined once deleted. */
export async function secretOf(hookId: string): Promise<string | undefined> {
  const [{ Item }, key] = await Promise.all([
    documents.send(new GetCommand({ TableName: tableName(), Key: hookKey(hookId), ConsistentRead: true })),
    recordKeys().then((keys) => keys.readRecordKey(hookPk(hookId))),
  ]);
  if (!Item?.sealed || !key) return undefined;
  return unseal(key, Item.sealed, secretItem(hookId)).secret as string;
}

/** Deletes a hook, shreds its secret and frees its place; false when it was gone already. Its waiting deliveries find no hook and end. */
export async function deleteHook(hook: Pick<Webhook, 'id' | 'organisationId'>): Promise<boolean> {
  await ensureHookCount(hook.organisationId);
  try {
    await writeTogether([
      { Delete: { TableName: tableName(), Key: hookKey(hook.id), ConditionExpression: 'attribute_exists(pk)' } },
      countHooks(hook.organisationId, -1),
      (await recordKeys()).eraseRecordKey(hookPk(hook.id)),
    ]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed && error.index === 0) return false;
    throw error;
  }
}

const dueKeys = (hookId: string, deliveryId: string, at: string) => ({ duePk: DELIVERIES_DUE, dueSk: `${at}#${hookId}#${deliveryId}` });

/** A delivery of the event to each hook, due now; one per hook and event however often this runs. */
export async function createDeliveries(event: PuenteEvent, hookIds: string[], now: string): Promise<void> {
  const { eventId, ...what } = event;
  await Promise.all(
    hookIds.map(async (hookId) => {
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName(),
            Item: { ...deliveryKey(hookId, eventId), ...what, hookId, deliveryId: eventId, status: 'pending', attempts: 0, nextAttemptAt: now, ...dueKeys(hookId, eventId, now) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }),
  );
}

/** Deliveries due by `now`, soonest first: their hook and id (the index's keys). */
export async function dueDeliveries(now: string, limit: number): Promise<{ hookId: string; deliveryId: string; dueSk: string }[]> {
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :pk AND dueSk <= :now',
      ExpressionAttributeValues: { ':pk': DELIVERIES_DUE, ':now': `${now}#~` },
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map((item) => ({ hookId: hookIdOf(item.pk), deliveryId: deliveryIdOf(item.sk), dueSk: item.dueSk }));
}

/**
 * Takes a due delivery for one hand-over to the queue: it is due again only after the lease, so a
 * message lost with a worker is handed over again. False when another run took it first.
 */
export async function leaseDelivery(due: { hookId: string; deliveryId: string; dueSk: string }, now: string): Promise<number | undefined> {
  const until = new Date(Date.parse(now) + webhookPolicy.leaseSeconds * 1000).toISOString();
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deliveryKey(due.hookId, due.deliveryId),
        UpdateExpression: 'SET dueSk = :until',
        ConditionExpression: 'dueSk = :was',
        ExpressionAttributeValues: { ':until': dueKeys(due.hookId, due.deliveryId, until).dueSk, ':was': due.dueSk },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.attempts as number;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

export async function getDelivery(hookId: string, deliveryId: string): Promise<Delivery | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: deliveryKey(hookId, deliveryId), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as Delivery) : undefined;
}

export interface Attempt extends AttemptResult {
  at: string;
  durationMs: number;
}

/**
 * One attempt and where it leaves the delivery, together, only over the attempt count it was made
 * on: a second worker with the same message records nothing. False when one did first.
 */
export async function recordAttempt(delivery: Delivery, attempt: Attempt | undefined, next: { status: DeliveryStatus; nextAt?: string }): Promise<boolean> {
  const { hookId, deliveryId } = delivery;
  const fields: Record<string, unknown> = {
    status: next.status,
    attempts: delivery.attempts + (attempt ? 1 : 0),
    firstAttemptAt: delivery.firstAttemptAt ?? attempt?.at,
    nextAttemptAt: next.nextAt,
    lastStatus: attempt?.status,
    lastError: attempt?.error,
    ...(next.nextAt ? dueKeys(hookId, deliveryId, next.nextAt) : { expiresAt: expiry(attempt?.at ?? new Date().toISOString()) }),
  };
  const set = Object.keys(fields).filter((name) => fields[name] !== undefined);
  const removed = ['nextAttemptAt', 'lastStatus', 'lastError', 'duePk', 'dueSk'].filter((name) => fields[name] === undefined);
  try {
    await writeTogether([
      {
        Update: {
          TableName: tableName(),
          Key: deliveryKey(hookId, deliveryId),
          UpdateExpression: `SET ${set.map((name) => `#${name} = :${name}`).join(', ')}${removed.length ? ` REMOVE ${removed.map((name) => `#${name}`).join(', ')}` : ''}`,
          ConditionExpression: 'attempts = :before',
          ExpressionAttributeNames: Object.fromEntries([...set, ...removed].map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: { ...Object.fromEntries(set.map((name) => [`:${name}`, fields[name]])), ':before': delivery.attempts },
        },
      },
      ...(attempt ? [{ Put: { TableName: tableName(), Item: { ...attemptKey(hookId, deliveryId, attempt.at), deliveryId, ...attempt, expiresAt: expiry(attempt.at) } } }] : []),
    ]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

/** A hook's newest deliveries (ids sort by time), each with its attempts: two range reads of its partition. */
export async function deliveriesOf(hookId: string, limit: number): Promise<(Delivery & { attemptLog: Attempt[] })[]> {
  const { Items: newest = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :delivery)',
      ExpressionAttributeValues: { ':pk': hookPk(hookId), ':delivery': 'DELIVERY#' },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  if (!newest.length) return [];
  const ids = newest.map((item) => deliveryIdOf(item.sk));
  // The attempts of exactly these deliveries: their keys lie between the oldest's and the newest's.
  const attempts = await queryEveryPage({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': hookPk(hookId), ':from': attemptKey(hookId, ids.at(-1)!, '').sk, ':to': attemptKey(hookId, ids[0], '~').sk },
    ConsistentRead: true,
  });
  return newest.map((item) => {
    const { expiresAt: _expires, ...delivery } = withoutKeys(item) as Delivery & { expiresAt?: number };
    const attemptLog = attempts
      .filter((attempt) => attempt.deliveryId === delivery.deliveryId)
      .map(({ at, status, durationMs, error }) => ({ at, status, durationMs, error }))
      .sort((a, b) => a.at.localeCompare(b.at));
    return { ...delivery, attemptLog };
  });
}

/** Sends a delivery again (whatever became of it): due now, with a new day of retries. */
export async function retryDelivery(hookId: string, deliveryId: string, now: string): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deliveryKey(hookId, deliveryId),
        UpdateExpression: 'SET #status = :pending, nextAttemptAt = :now, duePk = :duePk, dueSk = :dueSk REMOVE firstAttemptAt, expiresAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ...Object.fromEntries(Object.entries(dueKeys(hookId, deliveryId, now)).map(([name, value]) => [`:${name}`, value])) },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** What the delivery queue carries: ids, never the event's data. */
export type DeliveryMessage = {
  hookId: string;
  deliveryId: string;
  /** The attempts made when it was handed over: a duplicate message finds more and does nothing. */
  attempts: number;
};

/**
 * Hands the deliveries due now (new ones, and retries whose time came) to the delivery queue, each
 * leased first so that two runs never send one twice; reads again while a page was full, until `until`.
 */
export async function queueDueDeliveries(until: number): Promise<number> {
  let queued = 0;
  for (let more = true; more && Date.now() < until; ) {
    const now = new Date().toISOString();
    const due = await dueDeliveries(now, webhookPolicy.batch);
    for (const delivery of due) {
      const attempts = await leaseDelivery(delivery, now);
      if (attempts === undefined) continue; // another run took it
      const message: DeliveryMessage = { hookId: delivery.hookId, deliveryId: delivery.deliveryId, attempts };
      await enqueue('webhook-deliveries', message);
      queued++;
    }
    more = due.length === webhookPolicy.batch;
  }
  return queued;
}
