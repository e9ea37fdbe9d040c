// ScreenPeople: each person an inspection identified gets a screening case of the current
// interview version, in the tip's language, linked to the tip, with its own `case` workflow. The
// inspection's report is read from the tip's task, never carried by the workflow.
import { forms } from '../../forms/registry.ts';
import { casesFromInspection, inspectionOf } from '../domain/inspection.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { createRecord, loadRecord, updateRecord } from '../store/records.ts';
import { startWorkflow } from '../store/workflows.ts';

export const handler = workflowTask(
  async (event: TaskEvent) => {
    const tip = await loadRecord('tip', event.recordId);
    if (!tip) throw new Error(`tip ${event.recordId} does not exist`);
    const cases = casesFromInspection(tip.record, inspectionOf(tip.tasks), forms.get('screening-interview')!, new Date().toISOString());
    for (const plan of cases) {
      await createRecord(plan);
      await startWorkflow(plan.start.workflow, plan.record.id, plan.start.input);
    }
    const caseIds = cases.map((plan) => plan.record.id);
    await updateRecord('tip', event.recordId, { caseIds }, new Date().toISOString());
    return { caseIds };
  },
  (result) => ({ cases: result.caseIds.length }),
);
