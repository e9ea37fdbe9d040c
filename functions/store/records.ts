// Cases and tips in the one table (layout in table.ts): created with their first items and the
// idempotency claim in one transaction, read whole, listed by stage or by organisation.
import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Refusal } from '../domain/refusal.ts';
import { idempotencyExpiry } from '../domain/retention.ts';
import type { RecordKind, RecordParts, RecordSummary, Step, Submission, Task } from '../domain/records.ts';
import { documents, queryEveryPage, tableName } from './clients.ts';
import {
  boardKeys,
  boardPartition,
  cursorShapes,
  idempotencyKey,
  itemKinds,
  linkItem,
  linkKey,
  organisationRecords,
  recordIdOfLink,
  recordKey,
  recordPk,
  submissionSk,
  withoutKeys,
  type TransactItem,
} from './table.ts';
import { openItem, recordKeyExists, recordKeys, seal, sealItem, type RecordKey } from './sealing.ts';
import { stepItem, writeChained } from './timeline.ts';
import { ConditionFailed } from './transactions.ts';

/** Random ids with no personal data and no order: `c-` for cases, `t-` for tips. */
export function newRecordId(kind: RecordKind): string {
  return `${kind[0]}-${randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;
}

/** What each kind of item keeps sealed under the record's key: everything that is about the person. */
export const personalAttributes = { submission: ['answers'], record: ['age'], task: ['decision'] } as const;

/** The record was erased: its key is gone and nothing personal opens any more. */
export class Erased extends Refusal {
  constructor(kind: RecordKind, id: string) {
    super(410, 'ERASED', `The ${kind} ${id} was erased; what remains holds nothing about the person`);
  }
}

/** The record's data key, or Erased once it was shredded. */
export async function keyOf(kind: RecordKind, id: string): Promise<RecordKey> {
  const key = await (await recordKeys()).readRecordKey(recordPk(kind, id));
  if (!key) throw new Erased(kind, id);
  return key;
}

export class IdempotencyConflict extends Refusal {
  constructor() {
    super(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different submission');
  }
}

export interface NewRecord {
  record: RecordSummary;
  submission: Submission & { source?: string; tipId?: string };
  step: Step;
  claim: { key: string; bodyHash: string };
}

const put = (item: Record<string, unknown>, isNew = false): TransactItem => ({
  Put: { TableName: tableName(), Item: item, ConditionExpression: isNew ? 'attribute_not_exists(pk)' : undefined },
});

/**
 * Creates a record and its first items in one transaction, together with the idempotency claim:
 * a retried submission (same key, same body) gets the first one's id and writes nothing.
 */
export async function createRecord({ record, submission, step, claim }: NewRecord): Promise<{ id: string; created: boolean }> {
  const { kind, id, createdAt } = record;
  // The record's own data key, wrapped by the master key, is written with it; the answers are sealed under it.
  const { keyItem, key } = await (await recordKeys()).newRecordKey(recordPk(kind, id), createdAt);
  try {
    await writeChained(kind, id, {
      fresh: true,
      others: [
        claimItem(claim, id, createdAt),
        put({ ...recordKey(kind, id), ...boardKeys(kind, id, record.stage, record.updatedAt), ...record, submissionSk: submissionSk(createdAt), overdueByKind: {} }, true),
        put(keyItem as unknown as Record<string, unknown>, true),
        put(sealItem(key, { pk: recordPk(kind, id), sk: submissionSk(createdAt), ...submission }, personalAttributes.submission)),
        put(linkItem(kind, id, record.createdByOrg, createdAt)),
      ],
      entries: [stepItem(kind, id, step, createdAt)],
    });
    return { id, created: true };
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    return { id: await claimedEarlier(claim, error), created: false };
  }
}

/** A submission's idempotency claim, taken in its creation transaction (first: its condition is item 0). */
export const claimItem = (claim: { key: string; bodyHash: string }, id: string, at: string) =>
  put({ ...idempotencyKey(claim.key), bodyHash: claim.bodyHash, recordId: id, createdAt: at, expiresAt: idempotencyExpiry(at) }, true);

/** After a creation's condition failed: the id the same key and body created first, or a conflict (another body). */
export async function claimedEarlier(claim: { key: string; bodyHash: string }, failure: Error): Promise<string> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: idempotencyKey(claim.key), ConsistentRead: true }));
  if (!Item) throw failure;
  if (Item.bodyHash !== claim.bodyHash) throw new IdempotencyConflict();
  return Item.recordId;
}

/** Counts a slipped deadline on the record, by task kind, in the transaction that fails its task: the board filters on it, the metrics sum it. */
export function countOverdue(kind: RecordKind, id: string, taskKind: string, remove: string[] = []): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: recordKey(kind, id),
      // `remove`: what the lapse ends on the record too (a transaction touches the record once).
      UpdateExpression: `SET overdueByKind.#kind = if_not_exists(overdueByKind.#kind, :zero) + :one${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ExpressionAttributeNames: { '#kind': taskKind },
      ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
    },
  };
}

export async function getRecord(kind: RecordKind, id: string): Promise<RecordSummary | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: recordKey(kind, id) }));
  return Item ? (withoutKeys(Item) as RecordSummary) : undefined;
}

/** The update of a record's fields that also moves it on the board; `updatedAt` is the change's time. */
export function recordUpdate(kind: RecordKind, id: string, fields: Record<string, unknown>, updatedAt: string, stage: string, condition?: { expression: string; values: Record<string, unknown> }): TransactItem {
  const all: Record<string, unknown> = { ...fields, stage, updatedAt, ...boardKeys(kind, id, stage, updatedAt) };
  const names = Object.keys(all).filter((name) => all[name] !== undefined);
  return {
    Update: {
      TableName: tableName(),
      Key: recordKey(kind, id),
      UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
      ConditionExpression: condition ? `attribute_exists(pk) AND ${condition.expression}` : 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, all[name]])), ...condition?.values },
    },
  };
}

/** Sets fields of a record and moves it on the board; `personal` fields are sealed under the record's key. */
export async function updateRecord(kind: RecordKind, id: string, fields: Record<string, unknown>, updatedAt: string, personal?: Record<string, unknown>): Promise<void> {
  // The board keys need the stage: read it only when the change does not set it.
  const stage = typeof fields.stage === 'string' ? fields.stage : (await getRecord(kind, id))?.stage;
  if (!stage) throw new Error(`${kind} ${id} does not exist`);
  const sealed = personal ? { sealed: seal(await keyOf(kind, id), personal, recordKey(kind, id)) } : {};
  const { Update } = recordUpdate(kind, id, { ...fields, ...sealed }, updatedAt, stage);
  await documents.send(new UpdateCommand(Update as ConstructorParameters<typeof UpdateCommand>[0]));
}

/** Sealed attributes back in place; an erased record's stay shut (its parts say `erased`). */
const opened = (key: RecordKey | undefined, item: Record<string, any>) => {
  const { sealed: _sealed, ...clear } = item;
  return key ? (openItem(key, item as Record<string, any> & { pk: string; sk: string }) as Record<string, any>) : clear;
};

/**
 * A record and its items, sorted into parts; undefined when there is no such record. With
 * `personal`, sealed attributes are opened (the master key is used); without, they are left out,
 * for handlers that decide on the non-personal part only and are not granted the key.
 */
export async function loadRecord(kind: RecordKind, id: string, { personal = true as boolean | ((record: RecordSummary) => boolean) } = {}): Promise<RecordParts | undefined> {
  const pk = recordPk(kind, id);
  const openKey = () => recordKeys().then((keys) => keys.readRecordKey(pk));
  // Decided on the record itself (a viewer who may see no answers now): read first, then the key or not.
  const [items, early] = await Promise.all([queryEveryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }), personal === true ? openKey() : undefined]);
  const record = items.find((item) => item.sk === itemKinds.record);
  if (!record) return undefined;
  const opens = personal === true || (typeof personal === 'function' && personal(withoutKeys(record) as RecordSummary));
  const key = personal === true ? early : opens ? await openKey() : undefined;
  const kept = opens ? undefined : await recordKeyExists(pk);
  const of = (kindOfItem: string) => items.filter((item) => item.sk.startsWith(kindOfItem)).map((item) => opened(key, item));
  return {
    ...(key || kept ? {} : { erased: true }),
    record: withoutKeys(opened(key, record)) as RecordParts['record'],
    submission: key || kept ? (of(itemKinds.submission).at(-1) as Submission | undefined) : undefined,
    // By time: a task's outcome is keyed by its invocation (timeline.ts), not by when it happened.
    steps: of(itemKinds.step).sort((a, b) => a.at.localeCompare(b.at)) as RecordParts['steps'],
    tasks: of(itemKinds.task).sort((a, b) => a.createdAt.localeCompare(b.createdAt)) as Task[],
    linkedOrganisations: of(itemKinds.link).map((item) => item.organisationId),
  };
}

/** Records and their current submissions, by id, in two batch reads (for inbox briefs); opened only where `opens` says. */
export async function loadBriefParts(refs: { kind: RecordKind; id: string }[], opens: (record: RecordSummary) => boolean): Promise<Map<string, Pick<RecordParts, 'record' | 'submission'>>> {
  const records = (await batchGet(refs.map(({ kind, id }) => recordKey(kind, id)))).map((item) => item as RecordSummary & { submissionSk?: string; pk: string; sk: string });
  const toOpen = records.filter((record) => opens(withoutKeys(record) as RecordSummary));
  const [submissions, keys] = await Promise.all([
    batchGet(toOpen.filter((record) => record.submissionSk).map((record) => ({ pk: record.pk, sk: record.submissionSk! }))),
    toOpen.length ? recordKeys().then((keys) => Promise.all(records.map((record) => (toOpen.includes(record) ? keys.readRecordKey(record.pk) : undefined)))) : records.map(() => undefined),
  ]);
  const keyOfRecord = new Map(records.map((record, index) => [record.pk, keys[index]]));
  const submissionOf = new Map(submissions.map((item) => [item.pk as string, item]));
  return new Map(
    records.map((record) => {
      const key = keyOfRecord.get(record.pk);
      const submission = submissionOf.get(record.pk);
      return [record.id, { record: withoutKeys(opened(key, record)) as RecordParts['record'], submission: key && submission ? (opened(key, submission) as Submission) : undefined }];
    }),
  );
}

/** Items by key, 100 a call, keys DynamoDB left unprocessed asked again. */
export async function batchGet(keys: { pk: string; sk: string }[]): Promise<Record<string, any>[]> {
  const unique = [...new Map(keys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
  const items: Record<string, any>[] = [];
  for (let start = 0; start < unique.length; start += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [tableName()]: { Keys: unique.slice(start, start + 100) } };
    while (request && Object.keys(request).length) {
      const got = await documents.send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(got.Responses?.[tableName()] ?? []));
      request = got.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export class BadCursor extends Refusal {
  constructor() {
    super(400, 'INVALID_REQUEST', 'The cursor is not one this API returned', { cursor: 'not one this API returned' });
  }
}

export const encodeCursor = (key?: Record<string, unknown>) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);

/** A cursor this API made for this listing: exactly the index's key attributes, each a string, in the listing's partition. */
export function decodeCursor(cursor: string | undefined, index: string, partition: { name: string; value: string }): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const shape = cursorShapes[index];
  const valid =
    key !== null &&
    typeof key === 'object' &&
    !Array.isArray(key) &&
    Object.keys(key).length === shape.length &&
    // DynamoDB refuses an empty key value: a 400 here, not its ValidationException as a 500.
    shape.every((name) => typeof (key as Record<string, unknown>)[name] === 'string' && (key as Record<string, string>)[name].length >= 1 && (key as Record<string, string>)[name].length <= 1024) &&
    (key as Record<string, string>)[partition.name] === partition.value;
  if (!valid) throw new BadCursor();
  return key as Record<string, unknown>;
}

export interface BoardQuery {
  stage?: string;
  updatedSince?: string;
  limit: number;
  cursor?: string;
}

/** Reads pages of an index until `limit` records pass `keep` or the index ends; the cursor continues after the last one read. */
async function pagesUntilFull<T>(
  index: string,
  partition: { name: string; value: string },
  query: BoardQuery,
  readPage: (startKey: Record<string, unknown> | undefined, limit: number) => Promise<{ records: { record: T; key: Record<string, unknown> }[]; last?: Record<string, unknown> }>,
  keep: (record: T) => boolean,
): Promise<Page<T>> {
  const items: T[] = [];
  let startKey = decodeCursor(query.cursor, index, partition);
  // Bounded: a filter that matches little still answers after a few reads, with a cursor to go on.
  for (let reads = 0; reads < 10; reads++) {
    const page = await readPage(startKey, query.limit);
    for (const { record, key } of page.records) {
      if (!keep(record)) continue;
      items.push(record);
      if (items.length === query.limit) return { items, cursor: encodeCursor(key) };
    }
    startKey = page.last;
    if (!startKey) return { items };
  }
  return { items, cursor: encodeCursor(startKey) };
}

const indexKeyOf = (item: Record<string, any>, index: string) => Object.fromEntries(cursorShapes[index].map((name) => [name, item[name]]));

/** The board: records by stage (or all of a kind), newest change first, those that `keep` takes. A Query on an index, never a Scan. */
export function boardPage(kind: RecordKind, query: BoardQuery, keep: (record: RecordSummary) => boolean = () => true): Promise<Page<RecordSummary>> {
  const [index, pkName, skName] = query.stage ? ['board', 'boardPk', 'boardSk'] : ['recent', 'recentPk', 'recentSk'];
  return pagesUntilFull(
    index,
    { name: pkName, value: boardPartition(kind, query.stage) },
    query,
    async (startKey, limit) => {
      const page = await documents.send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: index,
          KeyConditionExpression: query.updatedSince ? `${pkName} = :pk AND ${skName} >= :since` : `${pkName} = :pk`,
          ExpressionAttributeValues: { ':pk': boardPartition(kind, query.stage), ...(query.updatedSince ? { ':since': query.updatedSince } : {}) },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      return { records: (page.Items ?? []).map((item) => ({ record: withoutKeys(item) as RecordSummary, key: indexKeyOf(item, index) })), last: page.LastEvaluatedKey };
    },
    keep,
  );
}

/** An organisation's records: the links index, then the records themselves. */
export function organisationPage(kind: RecordKind, organisationId: string, query: BoardQuery, keep: (record: RecordSummary) => boolean = () => true): Promise<Page<RecordSummary>> {
  return pagesUntilFull(
    'inbox',
    { name: 'inboxPk', value: organisationRecords(kind, organisationId) },
    query,
    async (startKey, limit) => {
      const page = await documents.send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'inbox',
          KeyConditionExpression: 'inboxPk = :pk',
          ExpressionAttributeValues: { ':pk': organisationRecords(kind, organisationId) },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      const links = page.Items ?? [];
      const records = new Map((await batchGet(links.map((link) => recordKey(kind, recordIdOfLink(kind, link.pk))))).map((item) => [item.id as string, withoutKeys(item) as RecordSummary]));
      return {
        records: links.flatMap((link) => {
          const record = records.get(recordIdOfLink(kind, link.pk));
          const inQuery = record && (!query.stage || record.stage === query.stage) && (!query.updatedSince || record.updatedAt >= query.updatedSince);
          return inQuery ? [{ record, key: indexKeyOf(link, 'inbox') }] : [];
        }),
        last: page.LastEvaluatedKey,
      };
    },
    keep,
  );
}

/** Removes an organisation's link to a record (it stepped back): it no longer lists or opens it. */
export const unlink = (kind: RecordKind, id: string, organisationId: string): TransactItem => ({
  Delete: { TableName: tableName(), Key: linkKey(kind, id, organisationId) },
});

export const link = (kind: RecordKind, id: string, organisationId: string, at: string): TransactItem => put(linkItem(kind, id, organisationId, at));

/** A change of a record's own fields with the step that records it, in one transaction. */
export async function writeRecordChange(kind: RecordKind, id: string, stage: string, fields: Record<string, unknown>, step: Step, at: string): Promise<void> {
  await writeChained(kind, id, { others: [recordUpdate(kind, id, fields, at, stage)], entries: [stepItem(kind, id, step, at)] });
}

/** Every closed record of a kind (the board's `closed` stage): the only ones retention may erase. */
export async function closedRecords(kind: RecordKind): Promise<RecordSummary[]> {
  const items = await queryEveryPage({ IndexName: 'board', KeyConditionExpression: 'boardPk = :pk', ExpressionAttributeValues: { ':pk': boardPartition(kind, 'closed') } });
  // The index does not copy `kind`: it is the listing's.
  return items.map((item) => ({ ...withoutKeys(item), kind }) as RecordSummary);
}
