// The terminal status of every execution (EventBridge on AWS, the local engine's event locally),
// recorded on its case or tip even when the workflow failed outside any handler.
import { kindOfId } from '../domain/records.ts';
import { getRecord, updateRecord } from '../store/records.ts';
import { recordStep } from '../store/timeline.ts';

interface StatusChange {
  detail: { executionArn: string; name: string; status: string; error?: string | null; cause?: string | null };
}

/** The statuses that end an execution; Step Functions also emits RUNNING (and PENDING_REDRIVE), which end nothing. */
const terminal = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export async function handler(event: StatusChange): Promise<void> {
  const { name, status, executionArn, error } = event.detail;
  if (!terminal.has(status)) return;
  // Executions are named after their record (`c-…`, `t-…`), or `<recordId>-<workflow>[-<n>]` (`-liaison-2`, `-child-notice`).
  const recordId = /^([ct]-[a-z0-9]+)/.exec(name)?.[1];
  const kind = recordId ? kindOfId(recordId) : undefined;
  if (!recordId || !kind) return;
  await recordStep(kind, recordId, { event: 'status', executionId: executionArn, summary: { status, workflow: name === recordId ? kind : name.slice(recordId.length + 1).replace(/-\d+$/, '') }, error: error ?? undefined });
  if (status !== 'SUCCEEDED' && name === recordId) {
    const record = await getRecord(kind, recordId);
    if (record && record.stage !== 'failed' && record.stage !== 'erased') {
      await updateRecord(kind, recordId, { stage: 'failed', failure: { branch: kind, error: error ?? status, at: new Date().toISOString() } }, new Date().toISOString());
    }
  }
}
