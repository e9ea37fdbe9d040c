// CheckConsent: after the reflection period, whether consent to law enforcement was given meanwhile.
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { getRecord } from '../store/records.ts';

export const handler = workflowTask(
  async (event: TaskEvent) => {
    const record = await getRecord('case', event.recordId);
    return { lawEnforcement: (record?.consent as { lawEnforcement?: string } | undefined)?.lawEnforcement ?? 'no' };
  },
  (result) => result,
);
