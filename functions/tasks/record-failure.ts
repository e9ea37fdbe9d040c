// RecordBranchFailure: a failure the ASL caught, kept on the record so it is never lost. A failed
// referral branch leaves the others running; a failed workflow marks the record failed. Human steps
// the failed branch opened are withdrawn: no one waits for their answer any more.
import { orphanedBy } from '../domain/outcome.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { loadRecord, updateRecord } from '../store/records.ts';
import { withdrawTasks } from '../store/tasks.ts';

interface FailureEvent extends TaskEvent {
  branch: string;
  error?: { Error?: string; Cause?: string };
}

export const handler = workflowTask(
  async (event: FailureEvent) => {
    const parts = await loadRecord(event.kind, event.recordId, { personal: false });
    const failure = { branch: event.branch, error: event.error?.Error ?? 'unknown', at: new Date().toISOString() };
    const failures = [...((parts?.record.failures as unknown[]) ?? []), failure];
    const whole = event.branch === 'case' || event.branch === 'tip';
    await updateRecord(event.kind, event.recordId, whole ? { failures, stage: 'failed', failure } : { failures }, failure.at);
    await withdrawTasks(orphanedBy(event.branch, event.execution, parts?.tasks ?? []), `${event.branch} failed`, failure.at);
    return { [event.branch]: `failed:${failure.error}` };
  },
  (result) => result,
);
