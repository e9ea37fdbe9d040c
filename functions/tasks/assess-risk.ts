// AssessRisk: the Delphi determination, flags, risk and referrals of a screening, stored on the
// case with what the indicators count the person by (age band, gender, nationality, exploitation
// types); the workflow gets only what it branches on, never anything about the person.
import { forms } from '../../forms/registry.ts';
import { ageBandOf, assessSubmission } from '../domain/assessment.ts';
import { disaggregationOf } from '../domain/indicators.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { loadRecord, updateRecord } from '../store/records.ts';

export const handler = workflowTask(
  async (event: TaskEvent) => {
    const parts = await loadRecord('case', event.recordId);
    if (!parts?.submission) throw new Error(`case ${event.recordId} has no submission`);
    const { submission } = parts;
    const { assessment, age } = assessSubmission(forms.get(submission.formId, submission.formVersion)!, submission);
    // While a refugee-status check is open, nothing return-related may happen (non-refoulement).
    const fields = { stage: 'referral', assessment, ageBand: ageBandOf(age), disaggregation: disaggregationOf(submission.answers), nonRefoulementHold: assessment.referrals.asylum };
    await updateRecord('case', event.recordId, fields, new Date().toISOString(), { age });
    return { referrals: assessment.referrals, riskLevel: assessment.riskLevel };
  },
  (result) => ({ riskLevel: result.riskLevel, referrals: Object.keys(result.referrals).filter((name) => result.referrals[name as keyof typeof result.referrals]) }),
  () => 'case.assessed',
);
