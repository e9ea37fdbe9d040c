// Every minute: fail each open task past its due time with TaskOverdue (the ASL catches it: next
// shelter, escalation), remind the assignees of follow-ups coming due, and tell workflows of
// decisions that could not be sent before.
import { Logger } from '@aws-lambda-powertools/logger';
import { dueReminders, writeReminder } from '../store/case-plan.ts';
import { overdueTasks, tasksAwaitingResume, TaskClosed, writeOverdue } from '../store/tasks.ts';
import { tellWorkflow } from '../store/workflows.ts';

const logger = new Logger({ serviceName: 'puente' });

export async function handler(): Promise<{ overdue: number; reminded: number; resumed: number }> {
  let overdue = 0;
  for (const task of await overdueTasks(new Date().toISOString())) {
    try {
      await writeOverdue(task, new Date().toISOString());
      overdue++;
    } catch (error) {
      if (!(error instanceof TaskClosed)) throw error; // decided meanwhile
    }
  }
  let reminded = 0;
  for (const task of await dueReminders(new Date().toISOString())) if (await writeReminder(task, new Date().toISOString())) reminded++;
  let resumed = 0;
  for (const task of await tasksAwaitingResume()) {
    try {
      await tellWorkflow(task);
      resumed++;
    } catch (error) {
      logger.warn('could not resume a workflow; will try again', { taskId: task.taskId, errorName: (error as Error).name });
    }
  }
  return { overdue, reminded, resumed };
}
