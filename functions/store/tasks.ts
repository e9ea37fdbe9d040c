// Human steps. A task is an item of its case or tip; while open it sits in its organisation's
// inbox (by due time) and in the overdue sweep's index. The task token stays here, server-side.
// A decision is written with a "resume" marker; the marker goes once the workflow has been told,
// so a decision is never lost between the table and the workflow.
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, putTogether, tableName } from './clients.ts';
import { kindOfId, recordPk, type RecordKind } from './records.ts';
import { stepItem, type Step } from './timeline.ts';

export type TaskStatus = 'open' | 'decided' | 'overdue';

export type Resume = { type: 'success'; output: unknown } | { type: 'failure'; error: string; cause: string };

export interface Task {
  taskId: string;
  parentId: string;
  parentKind: RecordKind;
  kind: string;
  status: TaskStatus;
  assigneeOrg: string;
  assigneeRole: string;
  createdAt: string;
  dueAt: string;
  token: string;
  /** What the assignee needs to act, already limited to what their role may see. */
  brief?: Record<string, unknown>;
  decision?: Record<string, unknown>;
  decidedBy?: { userId: string; role: string; organisationId: string };
  decidedAt?: string;
  resume?: Resume;
}


export const taskKey = (parentKind: RecordKind, parentId: string, taskId: string) => ({ pk: recordPk(parentKind, parentId), sk: `TASK#${taskId}` });

function openIndexKeys(task: Pick<Task, 'assigneeOrg' | 'dueAt' | 'taskId'>) {
  return { inboxPk: `ORG#${task.assigneeOrg}#OPEN`, inboxSk: `${task.dueAt}#${task.taskId}`, duePk: 'OPEN_TASKS', dueSk: `${task.dueAt}#${task.taskId}` };
}

/** Opens a task; a retried task handler with the same token changes nothing. */
export async function openTask(task: Task, extraItems: Record<string, unknown>[] = []): Promise<void> {
  try {
    await putTogether([{ item: { ...taskKey(task.parentKind, task.parentId, task.taskId), ...task, ...openIndexKeys(task) }, new: true }, ...extraItems.map((item) => ({ item }))]);
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const existing = await getTask(task.taskId);
    if (existing?.token !== task.token) throw error;
  }
}

export async function getTask(taskId: string): Promise<Task | undefined> {
  const parentId = taskId.split('.')[0];
  const parentKind = kindOfId(parentId);
  if (!parentKind) return undefined;
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: taskKey(parentKind, parentId, taskId), ConsistentRead: true }));
  return Item as Task | undefined;
}

export class TaskClosed extends Error {
  override name = 'TaskClosed';
}

/** One transaction item a decision may carry along (e.g. taking a bed at the shelter). */
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Closes an open task with its outcome and records `step` on its record's timeline, atomically
 * with `alongside` (the first of whose conditions failing raises its own error via `onConflict`).
 * A second decision finds the task closed.
 */
export async function closeTask(
  task: Task,
  change: { status: 'decided' | 'overdue'; resume: Resume; step: Step; decision?: Record<string, unknown>; decidedBy?: Task['decidedBy'] },
  alongside: TransactItem[] = [],
  onConflict?: (index: number) => Error | undefined,
): Promise<void> {
  const at = new Date().toISOString();
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: taskKey(task.parentKind, task.parentId, task.taskId),
              UpdateExpression:
                'SET #status = :status, #resume = :resume, decision = :decision, decidedBy = :decidedBy, decidedAt = :at, duePk = :resumePk, dueSk = :resumeSk REMOVE inboxPk, inboxSk',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status', '#resume': 'resume' },
              ExpressionAttributeValues: {
                ':status': change.status,
                ':resume': change.resume,
                ':decision': change.decision ?? null,
                ':decidedBy': change.decidedBy ?? null,
                ':at': at,
                ':open': 'open',
                ':resumePk': 'RESUME',
                ':resumeSk': `${at}#${task.taskId}`,
              },
            },
          },
          ...alongside,
          { Put: { TableName: tableName(), Item: stepItem(task.parentKind, task.parentId, change.step) } },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const reasons: { Code?: string }[] = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new TaskClosed('This task has already been decided or has expired');
    const failed = reasons.findIndex((reason, index) => index > 0 && reason.Code === 'ConditionalCheckFailed');
    const mapped = failed > 0 ? onConflict?.(failed - 1) : undefined;
    throw mapped ?? error;
  }
}

/** The workflow has been told: the task leaves the resume queue, and its token is forgotten. */
export async function markResumed(task: Task): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: taskKey(task.parentKind, task.parentId, task.taskId),
      UpdateExpression: 'REMOVE duePk, dueSk, #resume, #token',
      ExpressionAttributeNames: { '#resume': 'resume', '#token': 'token' },
    }),
  );
}

/** One page of a Query: inboxes and sweeps take the first `limit` items, soonest due first. */
async function queryPage(input: ConstructorParameters<typeof QueryCommand>[0], limit: number): Promise<Task[]> {
  const page = await documents.send(new QueryCommand({ ...input, TableName: tableName(), Limit: limit }));
  return (page.Items ?? []) as Task[];
}

/** An organisation's open tasks, soonest due first. */
export function openTasksOf(organisationId: string, limit = 100): Promise<Task[]> {
  return queryPage(
    { TableName: tableName(), IndexName: 'inbox', KeyConditionExpression: 'inboxPk = :pk', ExpressionAttributeValues: { ':pk': `ORG#${organisationId}#OPEN` } },
    limit,
  );
}

/** Open tasks whose due time has passed. */
export function overdueTasks(now: string, limit = 100): Promise<Task[]> {
  return queryPage(
    {
      TableName: tableName(),
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :pk AND dueSk < :now',
      ExpressionAttributeValues: { ':pk': 'OPEN_TASKS', ':now': now },
    },
    limit,
  );
}

/** Closed tasks whose workflow has not yet been told (e.g. the answer to Step Functions failed). */
export function tasksAwaitingResume(limit = 100): Promise<Task[]> {
  return queryPage(
    { TableName: tableName(), IndexName: 'due', KeyConditionExpression: 'duePk = :pk', ExpressionAttributeValues: { ':pk': 'RESUME' } },
    limit,
  );
}
