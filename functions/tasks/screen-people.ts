// ScreenPeople: each person an inspection identified gets a screening case, linked to the tip,
// with its own `case` workflow. What the inspection knows of them stands in for the interview
// until a screener sees them; the inspector's finding of forced labour counts as the
// interviewer's conclusion that they may be victims (protection first).
import { createHash } from 'node:crypto';
import type { Answers } from '../../forms/engine/types.ts';
import type { WorkflowPolicy } from '../domain/policy.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { createRecord, getRecord, organisationLink, recordPk, updateRecord } from '../store/records.ts';
import { stepItem } from '../store/timeline.ts';
import { startWorkflow } from '../store/workflows.ts';

interface ScreenEvent extends TaskEvent {
  policy: WorkflowPolicy;
  inspection: { peopleIdentified?: Answers[]; forcedLabourFound?: string; decidedBy?: string };
}

export const handler = workflowTask(
  async (event: ScreenEvent) => {
    const tip = await getRecord('tip', event.recordId);
    if (!tip) throw new Error(`tip ${event.recordId} does not exist`);
    const people = event.inspection.peopleIdentified ?? [];
    const caseIds: string[] = [];
    for (const [index, person] of people.entries()) {
      // Derived from the tip and the person's place in the report: a retry creates no second case.
      const caseId = `c-${createHash('sha256').update(`${event.recordId}#${index}`).digest('hex').slice(0, 16)}`;
      const now = new Date().toISOString();
      const organisationId = event.inspection.decidedBy ?? tip.createdByOrg;
      const answers: Answers = {
        ...person,
        consentInterview: 'unknown',
        consentLawEnforcement: 'later',
        consentDataSharing: 'unknown',
        interviewerConclusion: event.inspection.forcedLabourFound === 'yes' ? 'possible_victim' : 'further_assessment',
      };
      await createRecord({
        summary: { id: caseId, kind: 'case', stage: 'intake', createdAt: now, updatedAt: now, createdByOrg: organisationId, formId: 'screening-interview', formVersion: 1, language: 'en', tipId: event.recordId, consent: { lawEnforcement: 'later', dataSharing: 'unknown', changes: [] } },
        items: [
          { pk: recordPk('case', caseId), sk: `SUBMISSION#${now}`, formId: 'screening-interview', formVersion: 1, language: 'en', answers, submittedAt: now, source: 'inspection', tipId: event.recordId },
          stepItem('case', caseId, { event: 'submitted', actor: { userId: 'workflow', role: 'inspector', organisationId }, summary: { source: 'inspection', tipId: event.recordId } }, now),
          organisationLink('case', caseId, organisationId, now),
        ],
        idempotency: { key: `screen-people#${caseId}`, bodyHash: caseId },
      });
      await startWorkflow('case', caseId, { caseId, policy: event.policy });
      caseIds.push(caseId);
    }
    await updateRecord('tip', event.recordId, { caseIds }, new Date().toISOString());
    return { caseIds };
  },
  (result) => ({ cases: result.caseIds.length }),
);
