// What happened to a record, item by item: workflow steps, human decisions, reads (audit).
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor, RecordKind, Step } from '../domain/records.ts';
import { documents, tableName } from './clients.ts';
import { auditSk, outcomeSk, recordPk, stepSk, type TransactItem } from './table.ts';

const suffix = () => randomBytes(4).toString('hex');

export function stepItem(kind: RecordKind, id: string, step: Step, at = new Date().toISOString()) {
  return { pk: recordPk(kind, id), sk: stepSk(at, suffix()), at, ...step };
}

/** A step written in the same transaction as the change it records. */
export const stepPut = (kind: RecordKind, id: string, step: Step, at?: string): TransactItem => ({ Put: { TableName: tableName(), Item: stepItem(kind, id, step, at) } });

export async function recordStep(kind: RecordKind, id: string, step: Step): Promise<void> {
  await documents.send(new PutCommand({ TableName: tableName(), Item: stepItem(kind, id, step) }));
}

/**
 * A task's outcome (succeeded or failed), once per invocation: delivery is at-least-once, and a
 * handler run again under the same request id finds its outcome already recorded.
 */
export async function recordOutcome(kind: RecordKind, id: string, requestId: string, step: Step): Promise<void> {
  const at = new Date().toISOString();
  try {
    await documents.send(new PutCommand({ TableName: tableName(), Item: { pk: recordPk(kind, id), sk: outcomeSk(requestId), at, ...step }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** A read of a record by a person: who (role and organisation), when, and through which view. */
export interface Read {
  kind: RecordKind;
  id: string;
  reader: Actor;
  view: string;
}

/** Audits reads, a batch at a time: one for a case view, one per case an inbox page shows. */
export async function recordReads(reads: Read[]): Promise<void> {
  const at = new Date().toISOString();
  const items = reads.map(({ kind, id, reader, view }) => ({
    pk: recordPk(kind, id),
    sk: auditSk(at, suffix()),
    at,
    userId: reader.userId,
    role: reader.role,
    organisationId: reader.organisationId,
    view,
  }));
  for (let start = 0; start < items.length; start += 25) {
    let request: Record<string, any[]> | undefined = { [tableName()]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (request && Object.keys(request).length) {
      const written = await documents.send(new BatchWriteCommand({ RequestItems: request }));
      request = written.UnprocessedItems as typeof request;
    }
  }
}
