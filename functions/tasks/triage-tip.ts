// TriageTip: urgent / priority / routine / insufficient, stored on the tip; the inspection's
// deadline follows the triage (policy.ts).
import { inspectionDueSeconds, triage } from '../domain/triage.ts';
import type { WorkflowPolicy } from '../domain/policy.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { loadRecord, updateRecord } from '../store/records.ts';

interface TriageEvent extends TaskEvent {
  policy: WorkflowPolicy;
}

export const handler = workflowTask(
  async (event: TriageEvent) => {
    const parts = await loadRecord('tip', event.recordId);
    if (!parts?.submission) throw new Error(`tip ${event.recordId} has no submission`);
    const result = triage(parts.submission.answers);
    await updateRecord('tip', event.recordId, { stage: 'triaged', triage: result.triage, indicators: result.indicators }, new Date().toISOString());
    return { triage: result.triage, inspectionDueSeconds: inspectionDueSeconds(result.triage, event.policy) };
  },
  (result) => result,
  () => 'tip.triaged',
);
