// The outbox: an event item is written in the same transaction as the change it announces (see
// timeline.ts `writeChained`), so an event is never lost and never sent for a change that did not
// commit. It holds ids, its type and time only. The dispatcher (tasks/dispatch-events.ts) reads
// the outbox through the `due` index and deletes each event once its deliveries exist.
import { randomBytes } from 'node:crypto';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventSubject, EventType, PuenteEvent } from '../domain/webhooks.ts';
import { documents, tableName } from './clients.ts';
import { EVENTS_DUE, eventIdOf, eventKey, type TransactItem } from './table.ts';

/** Event ids sort by time, so a receiver sees them in the order they happened when it sorts. */
const newEventId = (at: string) => `ev_${Date.parse(at).toString(36)}${randomBytes(8).toString('hex')}`;

/** The outbox items of a change: put in its transaction. */
export function eventItems(kind: EventSubject, id: string, events: { type: EventType; taskId?: string }[], at: string): TransactItem[] {
  return events.map(({ type, taskId }) => {
    const eventId = newEventId(at);
    // The index copies parentKind, parentId and taskId (as it does for tasks); the type is the sort key, the time leads dueSk.
    return { Put: { TableName: tableName(), Item: { ...eventKey(eventId, type), parentKind: kind, parentId: id, taskId, at, duePk: EVENTS_DUE, dueSk: `${at}#${eventId}` } } };
  });
}

/** Events not dispatched yet, oldest first. */
export async function pendingEvents(limit: number): Promise<PuenteEvent[]> {
  const page = await documents.send(
    new QueryCommand({ TableName: tableName(), IndexName: 'due', KeyConditionExpression: 'duePk = :pk', ExpressionAttributeValues: { ':pk': EVENTS_DUE }, Limit: limit }),
  );
  return (page.Items ?? []).map((item) => ({
    eventId: eventIdOf(item.pk),
    type: item.sk as EventType,
    at: String(item.dueSk).split('#')[0],
    recordKind: item.parentKind,
    recordId: item.parentId,
    ...(item.taskId ? { taskId: item.taskId } : {}),
  }));
}

/** The event's deliveries exist: it leaves the outbox. */
export async function eventDispatched(event: PuenteEvent): Promise<void> {
  await documents.send(new DeleteCommand({ TableName: tableName(), Key: eventKey(event.eventId, event.type) }));
}
