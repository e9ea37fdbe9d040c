// What happened to a record, item by item: workflow steps, human decisions, reads (audit).
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tableName } from './clients.ts';
import { recordPk, type RecordKind } from './records.ts';

export interface Step {
  /** entered / succeeded / failed for a task handler; decision, status, submitted, consent for the rest. */
  event: string;
  state?: string;
  executionId?: string;
  attempt?: number;
  durationMs?: number;
  actor?: { userId: string; role: string; organisationId: string };
  /** A redacted summary: never answers or names. */
  summary?: Record<string, unknown>;
  error?: string;
}

export function stepItem(kind: RecordKind, id: string, step: Step, at = new Date().toISOString()) {
  return { pk: recordPk(kind, id), sk: `STEP#${at}#${randomBytes(4).toString('hex')}`, at, ...step };
}

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
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: recordPk(kind, id), sk: `STEP#OUTCOME#${requestId}`, at, ...step },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

export interface AuditEntry {
  userId: string;
  role: string;
  organisationId: string;
  view: string;
}

export async function recordRead(kind: RecordKind, id: string, entry: AuditEntry): Promise<void> {
  const at = new Date().toISOString();
  await documents.send(
    new PutCommand({ TableName: tableName(), Item: { pk: recordPk(kind, id), sk: `AUDIT#${at}#${randomBytes(4).toString('hex')}`, at, ...entry } }),
  );
}
