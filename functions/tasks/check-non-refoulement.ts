// CheckNonRefoulement: the hold checked again immediately before a return step (the API checked it
// before the workflow started, but an asylum referral may have opened since). The workflow goes on
// to the return step only on `clear: true`; the walker in test/unit/workflows proves no path skips it.
import { holdFactsOf, nonRefoulementHold } from '../domain/non-refoulement.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { loadRecord } from '../store/records.ts';

export const handler = workflowTask(
  async (event: TaskEvent) => {
    const parts = await loadRecord(event.kind, event.recordId);
    // An erased case opens nothing: it is held, never cleared by default.
    if (!parts || parts.erased) return { clear: false, reasons: ['erased'] };
    const verdict = nonRefoulementHold(holdFactsOf(parts));
    return { clear: !verdict.hold, reasons: verdict.reasons };
  },
  (result) => result,
);
