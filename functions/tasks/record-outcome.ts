// RecordOutcome: where a workflow ended, on its record. A case is closed with what each referral
// came to and the milestones it reached; the non-refoulement hold is lifted only once the
// refugee-status check has answered (not when it lapsed).
import { closesAtWorkflowEnd } from '../domain/closure.ts';
import { caseOutcome, holdAfter, milestonesAfter } from '../domain/outcome.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { getRecord, updateRecord } from '../store/records.ts';

interface OutcomeEvent extends TaskEvent {
  scope: 'case' | 'tip' | 'liaison';
  results?: unknown;
}

export const handler = workflowTask(
  async (event: OutcomeEvent) => {
    const now = new Date().toISOString();
    const outcome = caseOutcome(event.results);
    if (event.scope === 'liaison') return { outcome };
    const record = await getRecord(event.kind, event.recordId);
    const milestones = milestonesAfter(outcome, record?.milestones as Record<string, string> | undefined, now);
    // A case closed by the coordination or reopened since is the lifecycle's (domain/closure.ts): its stage stays.
    const closes = event.kind === 'tip' || closesAtWorkflowEnd(record);
    await updateRecord(event.kind, event.recordId, { ...(closes ? { stage: 'closed', closedAt: now } : {}), outcome, milestones, nonRefoulementHold: holdAfter(outcome) }, now);
    return { outcome, closed: closes };
  },
  (result) => ({ outcome: result.outcome }),
  // The liaison workflow's outcome closes nothing: its case goes on.
  (event, result) => (event.scope === 'liaison' || !result.closed ? undefined : `${event.scope}.closed`),
);
