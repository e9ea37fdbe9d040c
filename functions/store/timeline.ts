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
export const chainHeadOf = (kind: RecordKind, id: string) => chainHeadIn(recordPk(kind, id));

async function chainHeadIn(pk: string): Promise<ChainHead | undefined> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chain)',
      ExpressionAttributeValues: { ':pk': pk, ':chain': CHAIN_PREFIX },
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
  /** Entries of other records' chains, linked and written in the same transaction (a change that follows the person to their linked cases). */
  alongside?: { kind: RecordKind; id: string; entries: Record<string, unknown>[] }[];
}

/**
 * Writes `others` and the entries, linked after the chain's head, in one transaction; if another
 * writer linked first, reads the head again and retries. A condition of `others` or of an entry
 * failing comes back as ConditionFailed with its index.
 */
export const writeChained = (kind: RecordKind, id: string, write: ChainedWrite) => writeChainedIn(recordPk(kind, id), write, { kind, id });

/** The entries linked after `head` in the chain of `pk`, and the claims that make their places unique. */
function linkAfter(pk: string, head: ChainHead | undefined, entries: Record<string, unknown>[], entryCondition?: string) {
  const linked = entries.map((entry) => {
    const entryLinked = chainEntry(head, entry);
    head = headOf(entryLinked);
    return entryLinked;
  });
  return {
    entries: linked.map((Item): TransactItem => ({ Put: { TableName: tableName(), Item, ConditionExpression: entryCondition } })),
    claims: linked.map((entry): TransactItem => ({ Put: { TableName: tableName(), Item: { pk, sk: chainSk(entry.seq), seq: entry.seq, hash: entry.hash, entry: entry.sk }, ConditionExpression: 'attribute_not_exists(pk)' } })),
  };
}

/** The same for any chain's partition: a record's (whose steps are announced as events), or the deployment's exports. */
export async function writeChainedIn(pk: string, write: ChainedWrite, record?: { kind: RecordKind; id: string }): Promise<void> {
  const others = write.others ?? [];
  // The outbox: each change's events go in its transaction (after the claims, so condition indexes stay as they were).
  const events = record ? [...write.entries.flatMap((entry) => eventsOfStep(record.kind, entry as unknown as Step)), ...(write.events ?? [])] : [];
  const eventsAt = String(write.entries[0]?.at ?? new Date().toISOString());
  const alongside = write.alongside ?? [];
  await retryOn(ChainMoved, async () => {
    const { entries, claims } = linkAfter(pk, write.fresh ? undefined : await chainHeadIn(pk), write.entries, write.entryCondition);
    const beside = await Promise.all(alongside.map(async (chain) => linkAfter(recordPk(chain.kind, chain.id), await chainHeadOf(chain.kind, chain.id), chain.entries)));
    const besideEvents = alongside.flatMap((chain) => eventItems(chain.kind, chain.id, chain.entries.flatMap((entry) => eventsOfStep(chain.kind, entry as unknown as Step)), eventsAt));
    try {
      await writeTogether([...others, ...entries, ...claims, ...beside.flatMap((chain) => [...chain.entries, ...chain.claims]), ...(record ? eventItems(record.kind, record.id, events, eventsAt) : []), ...besideEvents]);
    } catch (error) {
      if (error instanceof ConditionFailed && error.index >= others.length + entries.length) throw new ChainMoved();
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

const readEntry = ({ kind, id, reader, view }: Read, at: string) => ({
  pk: recordPk(kind, id),
  sk: auditSk(at, suffix()),
  at,
  event: 'read',
  userId: reader.userId,
  role: reader.role,
  organisationId: reader.organisationId,
  view,
});

/** Audits reads: one entry in each record's chain (an inbox page reads several records). */
export async function recordReads(reads: Read[]): Promise<void> {
  const at = new Date().toISOString();
  await Promise.all(reads.map((read) => writeChained(read.kind, read.id, { entries: [readEntry(read, at)] })));
}

/**
 * Audits many reads (an export's page) in few transactions: up to 50 records' entries and claims
 * in each; if any of their chains moved meanwhile, nothing was written and that group goes one by one.
 */
export async function recordReadsTogether(reads: Read[]): Promise<void> {
  const at = new Date().toISOString();
  for (let start = 0; start < reads.length; start += 50) {
    const group = reads.slice(start, start + 50);
    const heads = await Promise.all(group.map((read) => chainHeadOf(read.kind, read.id)));
    const linked = group.map((read, index) => linkAfter(recordPk(read.kind, read.id), heads[index], [readEntry(read, at)]));
    try {
      await writeTogether(linked.flatMap(({ entries, claims }) => [...entries, ...claims]));
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      await recordReads(group);
    }
  }
}

/** A record's stored history (steps and reads, as stored) and the chain's head, for verifying it. */
export const loadHistory = (kind: RecordKind, id: string) => loadHistoryIn(recordPk(kind, id));

export async function loadHistoryIn(pk: string): Promise<{ entries: Record<string, any>[]; head?: ChainHead }> {
  const items = await queryEveryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
  const claims = items.filter((item) => item.sk.startsWith(CHAIN_PREFIX));
  const last = claims.at(-1);
  return { entries: items.filter((item) => item.sk.startsWith('STEP#') || item.sk.startsWith('AUDIT#')), head: last ? { seq: last.seq, hash: last.hash } : undefined };
}
