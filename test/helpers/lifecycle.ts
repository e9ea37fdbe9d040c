// What the case-lifecycle tests share (issue 16): a case that stays open (an asylum referral waits
// on it), an inbox task found as it appears, and a task's due time moved into the past.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { newKey, screening, type apiClient } from './api.ts';
import { eventually } from './local-host.ts';

type Api = ReturnType<typeof apiClient>;

/** A case whose workflow waits on the asylum authority, so it stays open while the test works on it. */
export async function openCase(api: Api, extra: Record<string, unknown> = {}, user = 'screener'): Promise<string> {
  const filed = await api.call(user, 'POST', '/screenings', screening({ givenName: 'Lucía', familyName: 'Pérez', fearOfReturn: 'yes', medicalNeedUrgent: 'yes', ...extra }), { 'idempotency-key': newKey() });
  expect(filed.status).toBe(201);
  const { caseId } = filed.body;
  await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.tasks?.some((task: any) => task.kind === 'asylum-referral' && task.status === 'open') ? true : undefined), 60_000, 'the asylum referral open');
  return caseId;
}

/** A case whose workflow has ended: closed. */
export async function closedCase(api: Api): Promise<string> {
  const filed = await api.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() });
  const { caseId } = filed.body;
  await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.stage === 'closed' ? true : undefined), 60_000, 'the case closed');
  return caseId;
}

export const inboxTask = (api: Api, user: string, caseId: string, kind: string, match: (task: any) => boolean = () => true) =>
  eventually(async () => (await api.call(user, 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === kind && match(task)), 60_000, `${kind} task for ${user}`);

/** Time passes: the task's due time moves into the past, where the overdue sweep finds it. */
export async function makeOverdue(documents: DynamoDBDocumentClient, caseId: string, taskId: string): Promise<void> {
  const past = new Date(Date.now() - 1000).toISOString();
  await documents.send(new UpdateCommand({ TableName: 'puente', Key: { pk: `CASE#${caseId}`, sk: `TASK#${taskId}` }, UpdateExpression: 'SET dueAt = :past, dueSk = :dueSk', ExpressionAttributeValues: { ':past': past, ':dueSk': `${past}#${taskId}` } }));
}

export const timeline = async (api: Api, caseId: string) => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.steps as any[];
