// Every minute: fail each open task past its due time with TaskOverdue (the ASL catches it: next
// shelter, escalation), and tell workflows of decisions that could not be sent before.
import { Logger } from '@aws-lambda-powertools/logger';
import { overdueTasks, tasksAwaitingResume, TaskClosed, writeOverdue } from '../store/tasks.ts';
import { tellWorkflow } from '../store/workflows.ts';

const logger = new Logger({ serviceName: 'puente' });

export async function handler(): Promise<{ overdue: number; resumed: number }> {
  let overdue = 0;
  for (const task of await overdueTasks(new Date().toISOString())) {
    try {
      await writeOverdue(task, new Date().toISOString());
      overdue++;
    } catch (error) {
      if (!(error instanceof TaskClosed)) throw error; // decided meanwhile
    }
  }
  let resumed = 0;
  for (const task of await tasksAwaitingResume()) {
    try {
      await tellWorkflow(task);
      resumed++;
    } catch (error) {
      logger.warn('could not resume a workflow; will try again', { taskId: task.taskId, errorName: (error as Error).name });
    }
  }
  return { overdue, resumed };
}
