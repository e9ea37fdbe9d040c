// The engine's journal kept in memory, for engine tests that need no DynamoDB. Pass one journal
// to two engines to play a host restart.
import type { ExecutionRecord, Journal, TaskRecord } from '../../infra/local/step-functions/journal.ts';

/** The journal's contract, kept in memory. */
export function memoryJournal(): Journal {
  const executions = new Map<string, ExecutionRecord>();
  const tasks = new Map<string, Map<string, TaskRecord>>();
  const tokens = new Map<string, { executionArn: string; key: string }>();
  const settle = (record: { status: string }, fields: object) => (record.status === 'RUNNING' ? (Object.assign(record, fields), true) : false);
  return {
    createExecution: async (record: ExecutionRecord) => (executions.has(record.executionArn) ? false : (executions.set(record.executionArn, { ...record }), true)),
    getExecution: async (arn: string) => executions.get(arn),
    closeExecution: async (arn: string, outcome: object) => settle(executions.get(arn)!, { ...outcome, stopDate: new Date().toISOString() }),
    listExecutions: async (machineArn: string, status?: string) => ({
      executions: [...executions.values()].filter((record) => record.stateMachineArn === machineArn && (!status || record.status === status)),
      cursor: undefined,
    }),
    tasksOf: async (arn: string) => new Map(tasks.get(arn) ?? []),
    enterTask: async (arn: string, task: TaskRecord) => {
      tasks.set(arn, (tasks.get(arn) ?? new Map()).set(task.key, { ...task }));
      if (task.token) tokens.set(task.token, { executionArn: arn, key: task.key });
    },
    recordSettledTask: async (arn: string, task: TaskRecord) => {
      const existing = tasks.get(arn)?.get(task.key);
      if (!existing || existing.status === 'RUNNING') tasks.set(arn, (tasks.get(arn) ?? new Map()).set(task.key, { ...task }));
    },
    markHandlerReturned: async (arn: string, key: string, ran: object) => void Object.assign(tasks.get(arn)!.get(key)!, { handlerReturned: true, ...ran }),
    settleTask: async (arn: string, key: string, outcome: object) => settle(tasks.get(arn)!.get(key)!, outcome),
    findToken: async (token: string) => tokens.get(token),
    getTask: async (arn: string, key: string) => tasks.get(arn)?.get(key),
  } as unknown as Journal;
}
