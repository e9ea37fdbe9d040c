// SettleLifecycle: how a closure request, a best-interests assessment or a durable solution ended,
// on the case: approved closes the case (`case.closed`); sent back leaves it open (the approver's
// comment is on the decision); a solution's end is `case.solution-ended`.
import { bestInterestsSettlement } from '../domain/approvals.ts';
import { closureSettlement } from '../domain/closure.ts';
import { solutionSettlement, type SolutionStatus } from '../domain/solutions.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { getRecord, updateRecord } from '../store/records.ts';

type SettleEvent = TaskEvent &
  ({ subject: 'closure' | 'best-interests'; outcome: 'approved' | 'rejected' | 'lapsed' } | { subject: 'solution'; outcome: Exclude<SolutionStatus, 'running'> });

export const handler = workflowTask(
  async (event: SettleEvent) => {
    const record = await getRecord(event.kind, event.recordId);
    if (!record) throw new Error(`${event.kind} ${event.recordId} does not exist`);
    // Erased meanwhile (its executions are being stopped): nothing to settle on it.
    if (record.stage === 'erased') return { [event.subject]: 'erased' };
    const now = new Date().toISOString();
    const settled =
      event.subject === 'solution' ? solutionSettlement(record, event.outcome, now) : event.subject === 'closure' ? closureSettlement(record, event.outcome, now) : bestInterestsSettlement(record, event.outcome, now);
    await updateRecord(event.kind, event.recordId, { ...settled.fields, stage: settled.stage }, now);
    return { [event.subject]: event.outcome };
  },
  (result) => result,
  (event) => (event.subject === 'solution' ? 'case.solution-ended' : event.subject === 'closure' && event.outcome === 'approved' ? 'case.closed' : undefined),
);
