// RecordOutcome: where a workflow ended, on its record. A case is closed with what each referral
// came to; the non-refoulement hold is lifted once the refugee-status check has answered.
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { getRecord, updateRecord } from '../store/records.ts';

interface OutcomeEvent extends TaskEvent {
  scope: 'case' | 'tip' | 'liaison';
  results?: unknown;
}

export function outcomeOf(results: unknown): Record<string, string> {
  const outcome: Record<string, string> = {};
  for (const branch of Array.isArray(results) ? results : [results]) {
    if (branch && typeof branch === 'object') {
      for (const [name, value] of Object.entries(branch)) {
        const decision = value as { outcome?: string; resolution?: string; guardianAppointed?: string } | string;
        outcome[name] = typeof decision === 'string' ? decision : (decision?.outcome ?? decision?.resolution ?? (decision?.guardianAppointed ? `guardian:${decision.guardianAppointed}` : 'done'));
      }
    }
  }
  return outcome;
}

export const handler = workflowTask(
  async (event: OutcomeEvent) => {
    const now = new Date().toISOString();
    const outcome = outcomeOf(event.results);
    if (event.scope === 'liaison') return { outcome };
    const record = await getRecord(event.kind, event.recordId);
    const milestones = { ...((record?.milestones as object) ?? {}) } as Record<string, string>;
    if (outcome.placement === 'accepted') milestones.placedAt ??= now;
    if (outcome.asylum && outcome.asylum !== 'not-needed') milestones.asylumReferredAt ??= now;
    await updateRecord(event.kind, event.recordId, { stage: 'closed', outcome, milestones, nonRefoulementHold: false }, now);
    return { outcome };
  },
  (result) => result,
);
