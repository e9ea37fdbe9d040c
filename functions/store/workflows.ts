// Starting workflows and answering their waiting tasks: the only Step Functions calls.
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { workflowArnEnv } from '../../system/description.ts';
import type { Resume, Task } from '../domain/records.ts';
import { markResumed } from './tasks.ts';

/** Made once per process; its endpoint comes from AWS_ENDPOINT_URL_SFN where one is set. */
const stepFunctions = new SFNClient({});

/**
 * Starts `workflow` as execution `name`. Idempotent: the same name and input again is the same
 * execution (on AWS and locally), so a retried request never starts a second one.
 */
export async function startWorkflow(workflow: string, name: string, input: unknown): Promise<void> {
  const stateMachineArn = process.env[workflowArnEnv(workflow)];
  if (!stateMachineArn) throw new Error(`${workflowArnEnv(workflow)} is not set`);
  try {
    await stepFunctions.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  } catch (error) {
    // Already started and finished under this name: nothing to do twice.
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
  }
}

/** Tells the waiting workflow a task's outcome. False when the workflow no longer waits for it. */
async function resumeWorkflow(token: string, resume: Resume): Promise<boolean> {
  try {
    if (resume.type === 'success') {
      await stepFunctions.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(resume.output ?? null) }));
    } else {
      await stepFunctions.send(new SendTaskFailureCommand({ taskToken: token, error: resume.error, cause: resume.cause }));
    }
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken') return false;
    throw error;
  }
}

/**
 * Tells a task's workflow what came of it, then clears the marker. Fails if Step Functions cannot
 * be reached: the marker stays, and the overdue sweep tells it later. One way for every caller.
 */
export async function tellWorkflow(task: Pick<Task, 'parentKind' | 'parentId' | 'taskId' | 'token' | 'resume'>): Promise<void> {
  if (task.resume && task.token) await resumeWorkflow(task.token, task.resume);
  await markResumed(task);
}

/** Stops an execution (erasure); one that has ended already, or never existed, needs nothing. */
export async function stopWorkflow(executionArn: string, cause: string): Promise<void> {
  try {
    await stepFunctions.send(new StopExecutionCommand({ executionArn, error: 'Erased', cause }));
  } catch (error) {
    if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
  }
}
