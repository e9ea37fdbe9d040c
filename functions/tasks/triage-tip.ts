// TriageTip: urgent / priority / routine / insufficient, stored on the tip; the inspection's
// deadline follows the triage (policy.ts). Children seen working start the child-protection
// notice at once, in its own workflow beside the inspection.
import { workflowInput } from '../domain/intake.ts';
import { childrenSeen, inspectionDueSeconds, triage } from '../domain/triage.ts';
import type { WorkflowPolicy } from '../domain/policy.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { loadRecord, updateRecord } from '../store/records.ts';
import { startWorkflow } from '../store/workflows.ts';

interface TriageEvent extends TaskEvent {
  policy: WorkflowPolicy;
}

export const handler = workflowTask(
  async (event: TriageEvent) => {
    const parts = await loadRecord('tip', event.recordId);
    if (!parts?.submission) throw new Error(`tip ${event.recordId} has no submission`);
    const result = triage(parts.submission.answers);
    await updateRecord('tip', event.recordId, { stage: 'triaged', triage: result.triage, indicators: result.indicators }, new Date().toISOString());
    // Beside the inspection, not after it: started before the tip's own workflow goes on (a retry finds it started).
    const children = childrenSeen(parts.submission.answers);
    if (children) await startWorkflow('child-notice', `${event.recordId}-child-notice`, { ...workflowInput('tip', event.recordId), policy: event.policy });
    return { triage: result.triage, inspectionDueSeconds: inspectionDueSeconds(result.triage, event.policy), childProtectionNotified: children };
  },
  (result) => result,
  () => 'tip.triaged',
);
