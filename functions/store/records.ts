// Cases and tips in the one table. A record's items share `pk = CASE#<id>` (or `TIP#<id>`):
// the record itself (`sk = RECORD`), its submissions, steps, tasks, audit entries and links.
// Index keys are sparse: only the items an index answers for carry them.
import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, putTogether, queryEveryPage, tableName } from './clients.ts';
import type { TransactItem } from './tasks.ts';

export type RecordKind = 'case' | 'tip';
const prefix: Record<RecordKind, string> = { case: 'CASE', tip: 'TIP' };

export const recordKey = (kind: RecordKind, id: string) => ({ pk: `${prefix[kind]}#${id}`, sk: 'RECORD' });
export const recordPk = (kind: RecordKind, id: string) => `${prefix[kind]}#${id}`;

/** Random ids with no personal data and no order: `c-` for cases, `t-` for tips. */
export function newRecordId(kind: RecordKind): string {
  return `${kind[0]}-${randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;
}

export function kindOfId(id: string): RecordKind | undefined {
  return id.startsWith('c-') ? 'case' : id.startsWith('t-') ? 'tip' : undefined;
}

export interface RecordSummary {
  id: string;
  kind: RecordKind;
  stage: string;
  createdAt: string;
  updatedAt: string;
  createdByOrg: string;
  riskLevel?: string;
  flags?: string[];
  triage?: string;
  [field: string]: unknown;
}

/** The index keys that put a record on the board (by stage) and in the recent list. */
export function boardKeys(kind: RecordKind, id: string, stage: string, updatedAt: string) {
  return {
    boardPk: `${prefix[kind]}S#${stage}`,
    boardSk: `${updatedAt}#${id}`,
    recentPk: `${prefix[kind]}S`,
    recentSk: `${updatedAt}#${id}`,
  };
}

/** Links a record to an organisation that works on it, for that organisation's board. */
export function organisationLink(kind: RecordKind, id: string, organisationId: string, at: string) {
  return {
    pk: recordPk(kind, id),
    sk: `LINK#${organisationId}`,
    organisationId,
    inboxPk: `ORG#${organisationId}#${prefix[kind]}S`,
    inboxSk: `${at}#${id}`,
  };
}

export class IdempotencyConflict extends Error {
  override name = 'IdempotencyConflict';
}

export interface NewRecord {
  summary: RecordSummary;
  /** Items written with the record in the same transaction (submission, first step, links). */
  items: Record<string, unknown>[];
  idempotency: { key: string; bodyHash: string };
}

/**
 * Creates a record and its first items in one transaction, together with the idempotency claim:
 * a retried submission (same key, same body) gets the first one's id and writes nothing.
 */
export async function createRecord(record: NewRecord): Promise<{ id: string; created: boolean }> {
  const { summary } = record;
  const claim = { pk: `IDEMPOTENCY#${record.idempotency.key}`, sk: 'IDEMPOTENCY' };
  try {
    await putTogether([
      { item: { ...claim, bodyHash: record.idempotency.bodyHash, recordId: summary.id, createdAt: summary.createdAt }, new: true },
      { item: { ...recordKey(summary.kind, summary.id), ...boardKeys(summary.kind, summary.id, summary.stage, summary.updatedAt), ...summary }, new: true },
      ...record.items.map((item) => ({ item })),
    ]);
    return { id: summary.id, created: true };
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: claim, ConsistentRead: true }));
    if (!Item) throw error;
    if (Item.bodyHash !== record.idempotency.bodyHash) {
      throw new IdempotencyConflict('This Idempotency-Key was already used for a different submission');
    }
    return { id: Item.recordId, created: false };
  }
}

/** Counts a slipped deadline on the record, in the transaction that fails its task: the board filters on it. */
export function countOverdue(kind: RecordKind, id: string): TransactItem {
  return { Update: { TableName: tableName(), Key: recordKey(kind, id), UpdateExpression: 'ADD overdueTasks :one', ExpressionAttributeValues: { ':one': 1 } } };
}

/** Every item of a record: the record, submissions, steps, tasks, audit entries. */
export function recordItems(kind: RecordKind, id: string): Promise<Record<string, any>[]> {
  return queryEveryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': recordPk(kind, id) } });
}

export async function getRecord(kind: RecordKind, id: string): Promise<RecordSummary | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: recordKey(kind, id) }));
  return Item as RecordSummary | undefined;
}

/** Sets fields of a record and moves it on the board; `updatedAt` is the change's time. */
export async function updateRecord(kind: RecordKind, id: string, fields: Record<string, unknown>, updatedAt: string): Promise<void> {
  // The board keys need the stage: read it only when the change does not set it.
  const stage = typeof fields.stage === 'string' ? fields.stage : (await getRecord(kind, id))?.stage;
  if (!stage) throw new Error(`${kind} ${id} does not exist`);
  const all: Record<string, unknown> = { ...fields, updatedAt, ...boardKeys(kind, id, stage, updatedAt) };
  const names = Object.keys(all).filter((name) => all[name] !== undefined);
  await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: recordKey(kind, id),
      UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, all[name]])),
    }),
  );
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

const encodeCursor = (key?: Record<string, unknown>) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);

export class BadCursor extends Error {
  override name = 'BadCursor';
}

function decodeCursor(cursor?: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key && !Array.isArray(key)) return key;
  } catch {
    // fall through
  }
  throw new BadCursor('The cursor is not one this API returned');
}

export interface BoardQuery {
  stage?: string;
  updatedSince?: string;
  limit: number;
  cursor?: string;
}

/** The board: records by stage (or all of a kind), newest change first. A Query on an index, never a Scan. */
export async function boardPage(kind: RecordKind, query: BoardQuery): Promise<Page<RecordSummary>> {
  const [index, pkName, skName, pk] = query.stage
    ? ['board', 'boardPk', 'boardSk', `${prefix[kind]}S#${query.stage}`]
    : ['recent', 'recentPk', 'recentSk', `${prefix[kind]}S`];
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: query.updatedSince ? `${pkName} = :pk AND ${skName} >= :since` : `${pkName} = :pk`,
      ExpressionAttributeValues: { ':pk': pk, ...(query.updatedSince ? { ':since': query.updatedSince } : {}) },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor),
    }),
  );
  return { items: (page.Items ?? []) as RecordSummary[], cursor: encodeCursor(page.LastEvaluatedKey) };
}

/** An organisation's records: the links index, then the records themselves. */
export async function organisationPage(kind: RecordKind, organisationId: string, query: BoardQuery): Promise<Page<RecordSummary>> {
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'inbox',
      KeyConditionExpression: 'inboxPk = :pk',
      ExpressionAttributeValues: { ':pk': `ORG#${organisationId}#${prefix[kind]}S` },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor),
    }),
  );
  const ids = (page.Items ?? []).map((item) => item.pk.slice(prefix[kind].length + 1) as string);
  if (!ids.length) return { items: [], cursor: encodeCursor(page.LastEvaluatedKey) };
  const got = await documents.send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: ids.map((id) => recordKey(kind, id)) } } }),
  );
  const byId = new Map((got.Responses?.[tableName()] ?? []).map((item) => [item.id, item as RecordSummary]));
  const items = ids.map((id) => byId.get(id)).filter((item): item is RecordSummary => item !== undefined);
  const filtered = items.filter(
    (item) => (!query.stage || item.stage === query.stage) && (!query.updatedSince || item.updatedAt >= query.updatedSince),
  );
  return { items: filtered, cursor: encodeCursor(page.LastEvaluatedKey) };
}


export interface RecordParts {
  record: RecordSummary & Record<string, any>;
  submission?: { answers: Record<string, unknown>; formId: string; formVersion: number; language: string; submittedAt: string };
  steps: Record<string, any>[];
  tasks: Record<string, any>[];
  linkedOrganisations: string[];
}

/** A record and its items, sorted into parts; undefined when there is no such record. */
export async function loadRecord(kind: RecordKind, id: string): Promise<RecordParts | undefined> {
  const items = await recordItems(kind, id);
  const record = items.find((item) => item.sk === 'RECORD');
  if (!record) return undefined;
  const submissions = items.filter((item) => item.sk.startsWith('SUBMISSION#'));
  return {
    record: record as RecordParts['record'],
    submission: submissions.at(-1) as RecordParts['submission'],
    // By time: a task's outcome is keyed by its invocation (timeline.ts), not by when it happened.
    steps: items.filter((item) => item.sk.startsWith('STEP#')).sort((a, b) => a.at.localeCompare(b.at)),
    tasks: items.filter((item) => item.sk.startsWith('TASK#')).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    linkedOrganisations: items.filter((item) => item.sk.startsWith('LINK#')).map((item) => item.organisationId),
  };
}
