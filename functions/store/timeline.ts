// What happened to a record, item by item: workflow steps, human decisions, reads (audit). Every
// entry is linked into the record's chain (domain/chain.ts): it carries its place, the hash of the
// entry before and its own hash, and a claim item `CHAIN#<place>` taken in the same transaction
// makes each place unique, so two writers never link after the same entry. The last claim is the
// chain's head: an entry edited, deleted, inserted or reordered afterwards is found on verifying.
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chainEntry, headOf, type ChainHead } from '../domain/chain.ts';
import type { Actor, RecordKind, Step } from '../domain/records.ts';
import { documents, queryEveryPage, tableName } from './clients.ts';
import { auditSk, chainSk, CHAIN_PREFIX, outcomeSk, recordPk, stepSk, type TransactItem } from './table.ts';
import { ConditionFailed, retryOn, writeTogether } from './transactions.ts';
import { eventsOfStep, type Announcement, type EventType } from '../domain/webhooks.ts';
import { eventItems } from './events.ts';

const suffix = () => randomBytes(4).toString('hex');

/** A step item; linked into the chain when it is written. */
export function stepItem(kind: RecordKind, id: string, step: Step, at = new Date().toISOString()) {
  return { pk: recordPk(kind, id), sk: stepSk(at, suffix()), at, ...step };
}

/** The chain's head: its last claim (none for a new record). */
export async function chainHeadOf(kind: RecordKind, id: string): Promise<ChainHead | undefined> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chain)',
      ExpressionAttributeValues: { ':pk': recordPk(kind, id), ':chain': CHAIN_PREFIX },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items?.[0] ? { seq: Items[0].seq, hash: Items[0].hash } : undefined;
}

class ChainMoved extends Error {
  override name = 'ChainMoved';
}

export interface ChainedWrite {
  /** Items written with the entries, first (their conditions keep their indexes for the caller). */
  others?: TransactItem[];
  /** Timeline and audit items (with pk and sk), linked in this order. */
  entries: Record<string, unknown>[];
  /** A condition on each entry's put (e.g. an outcome written once per invocation). */
  entryCondition?: string;
  /** The record is being created: its chain starts here, no head to read. */
  fresh?: boolean;
  /** Events beyond those the entries stand for (eventsOfStep), e.g. the tasks an erasure withdraws. */
  events?: { type: EventType; taskId?: string }[];
}

/**
 * Writes `others` and the entries, linked after the chain's head, in one transaction; if another
 * writer linked first, reads the head again and retries. A condition of `others` or of an entry
 * failing comes back as ConditionFailed with its index.
 */
export async function writeChained(kind: RecordKind, id: string, write: ChainedWrite): Promise<void> {
  const others = write.others ?? [];
  // The outbox: each change's events go in its transaction (after the claims, so condition indexes stay as they were).
  const events = [...write.entries.flatMap((entry) => eventsOfStep(kind, entry as unknown as Step)), ...(write.events ?? [])];
  const eventsAt = String(write.entries[0]?.at ?? new Date().toISOString());
  await retryOn(ChainMoved, async () => {
    let head = write.fresh ? undefined : await chainHeadOf(kind, id);
    const linked = write.entries.map((entry) => {
      const entryLinked = chainEntry(head, entry);
      head = headOf(entryLinked);
      return entryLinked;
    });
    const claims = linked.map((entry) => ({ pk: recordPk(kind, id), sk: chainSk(entry.seq), seq: entry.seq, hash: entry.hash, entry: entry.sk }));
    try {
      await writeTogether([
        ...others,
        ...linked.map((Item) => ({ Put: { TableName: tableName(), Item, ConditionExpression: write.entryCondition } })),
        ...claims.map((Item) => ({ Put: { TableName: tableName(), Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
        ...eventItems(kind, id, events, eventsAt),
      ]);
    } catch (error) {
      if (error instanceof ConditionFailed && error.index >= others.length + linked.length) throw new ChainMoved();
      throw error;
    }
  });
}

export async function recordStep(kind: RecordKind, id: string, step: Step): Promise<void> {
  await writeChained(kind, id, { entries: [stepItem(kind, id, step)] });
}

/**
 * A task's outcome (succeeded or failed), once per invocation: delivery is at-least-once, and a
 * handler run again under the same request id finds its outcome already recorded.
 */
export async function recordOutcome(kind: RecordKind, id: string, requestId: string, step: Step & Announcement): Promise<void> {
  const at = new Date().toISOString();
  try {
    await writeChained(kind, id, { entries: [{ pk: recordPk(kind, id), sk: outcomeSk(requestId), at, ...step }], entryCondition: 'attribute_not_exists(pk)' });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
  }
}

/** A read of a record by a person: who (role and organisation), when, and through which view. */
export interface Read {
  kind: RecordKind;
  id: string;
  reader: Actor;
  view: string;
}

/** Audits reads: one entry in each record's chain (an inbox page reads several records). */
export async function recordReads(reads: Read[]): Promise<void> {
  const at = new Date().toISOString();
  await Promise.all(
    reads.map(({ kind, id, reader, view }) =>
      writeChained(kind, id, {
        entries: [{ pk: recordPk(kind, id), sk: auditSk(at, suffix()), at, event: 'read', userId: reader.userId, role: reader.role, organisationId: reader.organisationId, view }],
      }),
    ),
  );
}

/** A record's stored history (steps and reads, as stored) and the chain's head, for verifying it. */
export async function loadHistory(kind: RecordKind, id: string): Promise<{ entries: Record<string, any>[]; head?: ChainHead }> {
  const items = await queryEveryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': recordPk(kind, id) }, ConsistentRead: true });
  const claims = items.filter((item) => item.sk.startsWith(CHAIN_PREFIX));
  const last = claims.at(-1);
  return { entries: items.filter((item) => item.sk.startsWith('STEP#') || item.sk.startsWith('AUDIT#')), head: last ? { seq: last.seq, hash: last.hash } : undefined };
}
