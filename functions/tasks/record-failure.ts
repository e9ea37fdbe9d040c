// RecordBranchFailure: a failure the ASL caught, kept on the record so it is never lost. A failed
// referral branch leaves the others running; a failed workflow marks the record failed.
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { getRecord, updateRecord } from '../store/records.ts';

interface FailureEvent extends TaskEvent {
  branch: string;
  error?: { Error?: string; Cause?: string };
}

export const handler = workflowTask(
  async (event: FailureEvent) => {
    const record = await getRecord(event.kind, event.recordId);
    const failure = { branch: event.branch, error: event.error?.Error ?? 'unknown', at: new Date().toISOString() };
    const failures = [...((record?.failures as unknown[]) ?? []), failure];
    const whole = event.branch === 'case' || event.branch === 'tip';
    await updateRecord(event.kind, event.recordId, whole ? { failures, stage: 'failed', failure } : { failures }, failure.at);
    return { [event.branch]: `failed:${failure.error}` };
  },
  (result) => result,
);
