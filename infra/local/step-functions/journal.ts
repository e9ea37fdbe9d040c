// The local engine's memory, kept in DynamoDB Local beside the product table: every execution,
// every task result, every pending callback token. It is what lets an execution survive a
// restart of `npm start` (the engine replays from it).
import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableDescription } from '../../../system/description.ts';
import { isOutage } from '../../../functions/store/clients.ts';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export const JOURNAL_TABLE = 'puente-local-stepfunctions';
export const journalTable: TableDescription = {
  nameEnv: 'LOCAL_STEP_FUNCTIONS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    {
      name: 'executions',
      partitionKey: 'listPk',
      sortKey: 'listSk',
      purpose: "a state machine's executions, newest first",
      projection: ['executionArn', 'stateMachineArn', 'name', 'status', 'startDate', 'stopDate', 'input', 'output', 'error', 'cause'],
    },
  ],
};

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /**
   * States entered (retries included) by the run that closed it: what a Standard workflow bills as
   * state transitions. A run resumed after a restart enters the replayed states again.
   */
  statesEntered?: number;
}

export type TaskStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface TaskRecord {
  key: string;
  stateName: string;
  status: TaskStatus;
  enteredAt: number;
  /** Callback tasks: the token minted for this invocation. */
  token?: string;
  /** Callback tasks: the bound handler has returned (it stored the open task); only the answer is awaited. */
  handlerReturned?: boolean;
  /** When the bound handler was called (epoch ms), after the engine's own journal writes for it. */
  handlerStartedAt?: number;
  /** When the bound handler returned (epoch ms); with handlerStartedAt, the handler's own time. */
  handlerReturnedAt?: number;
  /** When the task settled (epoch ms); for a Lambda invoke, the moment its handler returned. */
  settledAt?: number;
  /** Wait states: when the wait ends (epoch ms). */
  until?: number;
  output?: unknown;
  error?: string;
  cause?: string;
}

/**
 * How long a journal call waits for DynamoDB Local to come back (the host restarts it if it dies)
 * before giving up: the engine's own memory must not be lost to a restart that takes seconds.
 */
const JOURNAL_PATIENCE_MS = 60_000;

const executionKey = (executionArn: string) => ({ pk: `EXECUTION#${executionArn}`, sk: 'EXECUTION' });
const taskKey = (executionArn: string, key: string) => ({ pk: `EXECUTION#${executionArn}`, sk: `TASK#${key}` });
const tokenKey = (token: string) => ({ pk: `TOKEN#${token}`, sk: 'TOKEN' });

export class Journal {
  private readonly documents: { send: DynamoDBDocumentClient['send'] };

  constructor(client: DynamoDBClient) {
    const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    // Each call is bounded by the client's timeouts; an outage is waited out, anything else thrown.
    const send = async (command: any) => {
      const giveUpAt = Date.now() + JOURNAL_PATIENCE_MS;
      for (let pause = 250; ; pause = Math.min(pause * 2, 2000)) {
        try {
          return await documents.send(command);
        } catch (error) {
          if (!isOutage(error) || Date.now() + pause > giveUpAt) throw error;
          await sleep(pause, undefined, { ref: false });
        }
      }
    };
    this.documents = { send: send as DynamoDBDocumentClient['send'] };
  }

  /** Returns false when an execution of that ARN exists already. */
  async createExecution(record: ExecutionRecord): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: JOURNAL_TABLE,
          Item: {
            ...executionKey(record.executionArn),
            listPk: `STATE_MACHINE#${record.stateMachineArn}`,
            listSk: `${record.startDate}#${record.name}`,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: JOURNAL_TABLE, Key: executionKey(executionArn) }));
    return Item as ExecutionRecord | undefined;
  }

  /** Closes a running execution; returns false when it was closed already (nothing changes twice). */
  closeExecution(executionArn: string, outcome: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause' | 'statesEntered'>): Promise<boolean> {
    return this.setWhileRunning(executionKey(executionArn), { ...outcome, stopDate: new Date().toISOString() });
  }

  async listExecutions(stateMachineArn: string, status?: ExecutionStatus, limit = 100, cursor?: string) {
    const input: QueryCommandInput = {
      TableName: JOURNAL_TABLE,
      IndexName: 'executions',
      KeyConditionExpression: 'listPk = :listPk',
      ExpressionAttributeValues: { ':listPk': `STATE_MACHINE#${stateMachineArn}` },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString()) : undefined,
    };
    if (status) {
      input.FilterExpression = '#status = :status';
      input.ExpressionAttributeNames = { '#status': 'status' };
      input.ExpressionAttributeValues![':status'] = status;
    }
    const page = await this.documents.send(new QueryCommand(input));
    return {
      executions: (page.Items ?? []) as ExecutionRecord[],
      cursor: page.LastEvaluatedKey ? Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') : undefined,
    };
  }

  async tasksOf(executionArn: string): Promise<Map<string, TaskRecord>> {
    const tasks = new Map<string, TaskRecord>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: JOURNAL_TABLE,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
          ExpressionAttributeValues: { ':pk': executionKey(executionArn).pk, ':task': 'TASK#' },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) tasks.set(item.key, item as TaskRecord);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return tasks;
  }

  /** Records that a task was entered; with a token, the token is indexed so an answer finds its task. */
  async enterTask(executionArn: string, task: TaskRecord): Promise<void> {
    await Promise.all([
      this.documents.send(
        new PutCommand({
          TableName: JOURNAL_TABLE,
          Item: { ...taskKey(executionArn, task.key), ...task },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      task.token && this.documents.send(new PutCommand({ TableName: JOURNAL_TABLE, Item: { ...tokenKey(task.token), executionArn, key: task.key } })),
    ]);
  }

  /**
   * Records a task that was not journaled while it ran (a Lambda invoke: one write, not two; one cut
   * short by a crash simply runs again on replay). A task already settled stays as it was.
   */
  async recordSettledTask(executionArn: string, task: TaskRecord): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: JOURNAL_TABLE,
          Item: { ...taskKey(executionArn, task.key), ...task, settledAt: Date.now() },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'RUNNING' },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async markHandlerReturned(executionArn: string, key: string, ran: { handlerStartedAt: number; handlerReturnedAt: number }): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: JOURNAL_TABLE,
        Key: taskKey(executionArn, key),
        UpdateExpression: 'SET handlerReturned = :yes, handlerStartedAt = :started, handlerReturnedAt = :returned',
        ExpressionAttributeValues: { ':yes': true, ':started': ran.handlerStartedAt, ':returned': ran.handlerReturnedAt },
      }),
    );
  }

  /** Settles a running task; returns false when it was settled already (a second answer changes nothing). */
  settleTask(
    executionArn: string,
    key: string,
    outcome: { status: 'SUCCEEDED'; output: unknown } | { status: 'FAILED'; error: string; cause?: string },
  ): Promise<boolean> {
    return this.setWhileRunning(taskKey(executionArn, key), { ...outcome, settledAt: Date.now() });
  }

  /** Sets fields on an item whose status is still RUNNING; false when it is not (a retry changes nothing twice). */
  private async setWhileRunning(Key: Record<string, string>, fields: Record<string, unknown>): Promise<boolean> {
    const names = Object.keys(fields).filter((name) => fields[name] !== undefined);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: JOURNAL_TABLE,
          Key,
          UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { ...Object.fromEntries(names.map((name) => [`#${name}`, name])), '#status': 'status' },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])),
            ':running': 'RUNNING',
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async findToken(token: string): Promise<{ executionArn: string; key: string } | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: JOURNAL_TABLE, Key: tokenKey(token) }));
    return Item ? { executionArn: Item.executionArn, key: Item.key } : undefined;
  }

  async getTask(executionArn: string, key: string): Promise<TaskRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: JOURNAL_TABLE, Key: taskKey(executionArn, key) }));
    return Item as TaskRecord | undefined;
  }
}
