// A change of consent, from POST /cases/{caseId}/consent or a consent-review decision: recorded
// with who and when; consent to law enforcement given now starts the coordination then.
import type { Caller } from '../middleware/http.ts';
import { currentWorkflowPolicy } from '../domain/policy.ts';
import { getRecord, updateRecord } from '../store/records.ts';
import { recordStep } from '../store/timeline.ts';
import { startWorkflow } from '../store/workflows.ts';

export async function changeConsent(caseId: string, change: { lawEnforcement?: string; dataSharing?: string }, caller: Caller): Promise<void> {
  const record = await getRecord('case', caseId);
  if (!record) throw new Error(`case ${caseId} does not exist`);
  const before = (record.consent ?? {}) as { lawEnforcement?: string; dataSharing?: string; changes?: unknown[] };
  const at = new Date().toISOString();
  const consent = {
    lawEnforcement: change.lawEnforcement ?? before.lawEnforcement,
    dataSharing: change.dataSharing ?? before.dataSharing,
    changes: [...(before.changes ?? []), { at, by: caller.userId, role: caller.role, organisationId: caller.organisationId, ...change }],
  };
  await updateRecord('case', caseId, { consent }, at);
  await recordStep('case', caseId, { event: 'consent', actor: caller, summary: change });
  if (consent.lawEnforcement === 'yes' && before.lawEnforcement !== 'yes') {
    await startWorkflow('liaison', `${caseId}-liaison`, { caseId, policy: currentWorkflowPolicy() });
  }
}
