// Every minute: fail each open task past its due time with TaskOverdue (the ASL catches it:
// next shelter, escalation), and tell workflows of decisions that could not be sent before.
import { Logger } from '@aws-lambda-powertools/logger';
import { countOverdue } from '../store/records.ts';
import { closeTask, markResumed, overdueTasks, tasksAwaitingResume, TaskClosed, type Task } from '../store/tasks.ts';
import { resumeWorkflow } from '../store/workflows.ts';

const logger = new Logger({ serviceName: 'puente' });

async function tell(task: Task): Promise<void> {
  if (task.resume && task.token) await resumeWorkflow(task.token, task.resume);
  await markResumed(task);
}

export async function handler(): Promise<{ overdue: number; resumed: number }> {
  const now = new Date().toISOString();
  let overdue = 0;
  for (const task of await overdueTasks(now)) {
    const resume = { type: 'failure', error: 'TaskOverdue', cause: `${task.kind} task was due at ${task.dueAt}` } as const;
    try {
      const step = { event: 'overdue', summary: { taskId: task.taskId, kind: task.kind, dueAt: task.dueAt } };
      await closeTask(task, { status: 'overdue', resume, step }, [countOverdue(task.parentKind, task.parentId)]);
      overdue++;
    } catch (error) {
      if (!(error instanceof TaskClosed)) throw error; // decided meanwhile
    }
  }
  let resumed = 0;
  for (const task of await tasksAwaitingResume()) {
    try {
      await tell(task);
      resumed++;
    } catch (error) {
      logger.warn('could not resume a workflow; will try again', { taskId: task.taskId, errorName: (error as Error).name });
    }
  }
  return { overdue, resumed };
}
