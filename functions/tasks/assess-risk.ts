// AssessRisk: the Delphi determination, flags, risk and referrals of a screening, stored on the
// case; the workflow gets only what it branches on and what shelter matching needs.
import { withCalculations } from '../../forms/engine/expressions.ts';
import { forms } from '../../forms/registry.ts';
import { assess } from '../domain/assessment.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { loadRecord, updateRecord } from '../store/records.ts';

export const handler = workflowTask(
  async (event: TaskEvent) => {
    const parts = await loadRecord('case', event.recordId);
    if (!parts?.submission) throw new Error(`case ${event.recordId} has no submission`);
    const { submission } = parts;
    const form = forms.get(submission.formId, submission.formVersion)!;
    const interviewDate = submission.submittedAt.slice(0, 10);
    const assessment = assess(form, submission.answers, interviewDate);
    const data = withCalculations(form, submission.answers, interviewDate);
    const age = typeof data.age === 'number' ? data.age : null;
    await updateRecord(
      'case',
      event.recordId,
      {
        stage: 'referral',
        assessment,
        age,
        // While a refugee-status check is open, nothing return-related may happen (non-refoulement).
        nonRefoulementHold: assessment.referrals.asylum,
      },
      new Date().toISOString(),
    );
    return {
      referrals: assessment.referrals,
      riskLevel: assessment.riskLevel,
      person: {
        gender: submission.answers.gender,
        age,
        treatedAsChild: data.treatedAsChild === true,
        languages: (submission.answers.languages as string[] | undefined) ?? [],
      },
    };
  },
  (result) => ({ riskLevel: result.riskLevel, referrals: Object.keys(result.referrals).filter((name) => result.referrals[name as keyof typeof result.referrals]) }),
);
