// A correction of a person's answers, decided: the corrected interview must still meet its form;
// the earlier answers stay in the history (a new submission, never an overwrite); the assessment
// is run again, and a changed determination shows on the timeline.
import { validateAnswers } from '../../forms/engine/validation.ts';
import type { Answers, FormDefinition, Language } from '../../forms/engine/types.ts';
import { ageBandOf, assessSubmission } from './assessment.ts';
import { disaggregationOf, type Disaggregation } from './indicators.ts';
import { answerFields, Refusal } from './refusal.ts';
import type { Actor, RecordParts, Step, Submission } from './records.ts';

export interface CorrectionPlan {
  submission: Submission & { correctedAt: string; correctedBy: string; correctionReason: string };
  record: { assessment: unknown; ageBand: string; disaggregation: Disaggregation; nonRefoulementHold?: boolean };
  age: number | null;
  step: Step;
}

export function planCorrection(parts: RecordParts, form: FormDefinition, change: { answers: Record<string, unknown>; reason: string }, actor: Actor, language: Language, now: string): CorrectionPlan {
  const current = parts.submission;
  if (!current) throw new Refusal(409, 'NO_INTERVIEW', 'This case has no interview to correct');
  const answers: Answers = { ...current.answers };
  for (const [id, value] of Object.entries(change.answers)) {
    if (value === null) delete answers[id];
    else answers[id] = value;
  }
  const changed = [...new Set([...Object.keys(answers), ...Object.keys(current.answers)])].filter((id) => JSON.stringify(answers[id]) !== JSON.stringify(current.answers[id]));
  if (!changed.length) throw new Refusal(400, 'NOTHING_TO_CORRECT', 'The correction changes no answer', { answers: 'change at least one answer' });
  // As of the interview date: ages and dates mean what they meant then.
  const validation = validateAnswers(form, answers, language, current.submittedAt.slice(0, 10));
  if (!validation.ok) throw new Refusal(400, 'INVALID_CORRECTION', 'The corrected interview does not meet its form; see fields', answerFields(validation.fields));
  const before = parts.record.assessment as { determination?: string; riskLevel?: string } | undefined;
  const { assessment, age } = assessSubmission(form, { answers: validation.answers, submittedAt: current.submittedAt });
  return {
    submission: { ...current, answers: validation.answers, correctedAt: now, correctedBy: actor.userId, correctionReason: change.reason },
    record: { assessment, ageBand: ageBandOf(age), disaggregation: disaggregationOf(validation.answers), ...(assessment.referrals.asylum ? { nonRefoulementHold: true } : {}) },
    age,
    step: {
      event: 'corrected',
      actor,
      summary: {
        fields: changed,
        ...(before?.determination !== assessment.determination ? { determinationBefore: before?.determination, determinationAfter: assessment.determination } : {}),
        ...(before?.riskLevel !== assessment.riskLevel ? { riskBefore: before?.riskLevel, riskAfter: assessment.riskLevel } : {}),
      },
    },
  };
}
