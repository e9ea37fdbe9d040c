// The risk assessment of a screening interview: Delphi dimensions, the determination beside the
// interviewer's conclusion, flags, risk level and referrals (docs/reference/screening-interview.md,
// section Rules). Pure: answers in, assessment out.
import type { Answers, FormDefinition } from '../../forms/engine/types.ts';
import { withCalculations } from '../../forms/engine/expressions.ts';
import { dimensionIsPositive } from './policy.ts';

export type Determination = 'likely' | 'possible' | 'unlikely';
export type RiskLevel = 'critical' | 'high' | 'medium' | 'low';
export type InterviewerConclusion = 'presumed_victim' | 'possible_victim' | 'not_a_victim' | 'further_assessment';

export const flagNames = [
  'possibleTraffickingVictim',
  'internationalProtectionNeed',
  'child',
  'unaccompaniedChild',
  'smuggledMigrant',
  'strandedMigrant',
  'extraContinental',
] as const;
export type Flag = (typeof flagNames)[number];

export interface DimensionResult {
  positive: boolean;
  /** The ids of the indicators answered `yes`. */
  indicators: string[];
}

export interface Referrals {
  shelter: boolean;
  asylum: boolean;
  childProtection: boolean;
  lawEnforcement: boolean;
  /** Without law-enforcement consent: revisit it after the reflection period. */
  consentReview: boolean;
  /** Computed `likely` while the interviewer saw no victim: a coordinator reviews. */
  determinationReview: boolean;
}

export interface Assessment {
  determination: Determination;
  interviewerConclusion: InterviewerConclusion;
  dimensions: Record<string, DimensionResult>;
  elements: { recruitment: boolean; exploitation: boolean; coercion: boolean };
  flags: Flag[];
  riskLevel: RiskLevel;
  referrals: Referrals;
}

const yes = (answers: Answers, id: string) => answers[id] === 'yes';

/** Each Delphi dimension of the form, evaluated on the answers. */
export function dimensionsOf(form: FormDefinition, answers: Answers): Record<string, DimensionResult> {
  const counts: Record<string, { strong: number; medium: number; weak: number; indicators: string[] }> = {};
  for (const question of form.sections.flatMap((section) => section.questions)) {
    if (!question.indicator) continue;
    const count = (counts[question.indicator.dimension] ??= { strong: 0, medium: 0, weak: 0, indicators: [] });
    if (yes(answers, question.id)) {
      count[question.indicator.strength]++;
      count.indicators.push(question.id);
    }
  }
  return Object.fromEntries(
    Object.entries(counts).map(([dimension, count]) => [dimension, { positive: dimensionIsPositive(count), indicators: count.indicators }]),
  );
}

/** The assessment of a screening interview, as of the interview date `today`. */
export function assess(form: FormDefinition, answers: Answers, today: string): Assessment {
  const data = withCalculations(form, answers, today);
  const dimensions = dimensionsOf(form, answers);
  const positive = (dimension: string) => dimensions[dimension]?.positive ?? false;
  const elements = {
    recruitment: positive('deceptiveRecruitment') || positive('coerciveRecruitment') || positive('recruitmentVulnerability'),
    exploitation: positive('exploitativeConditions'),
    coercion: positive('coercionAtDestination') || positive('vulnerabilityAtDestination'),
  };
  // The presumption of minority applies here too: benefit of the doubt.
  const child = data.treatedAsChild === true;
  const interviewerConclusion = answers.interviewerConclusion as InterviewerConclusion;
  const interviewerSeesVictim = interviewerConclusion === 'presumed_victim' || interviewerConclusion === 'possible_victim';
  const anyStrong = form.sections
    .flatMap((section) => section.questions)
    .some((question) => question.indicator?.strength === 'strong' && yes(answers, question.id));

  // For a child the means are not required (Palermo Protocol art. 3(c)).
  const likely = child
    ? elements.exploitation || positive('coercionAtDestination')
    : elements.recruitment && elements.exploitation && elements.coercion;
  const elementCount = Object.values(elements).filter(Boolean).length;
  const determination: Determination = likely ? 'likely' : elementCount >= 2 || anyStrong || interviewerSeesVictim ? 'possible' : 'unlikely';

  const separated = answers.separationStatus === 'unaccompanied' || answers.separationStatus === 'separated';
  const flagged: Record<Flag, boolean> = {
    // When the interviewer sees a victim the computed result does not, protection wins.
    possibleTraffickingVictim: determination !== 'unlikely' || interviewerSeesVictim,
    internationalProtectionNeed:
      yes(answers, 'fearOfReturn') ||
      yes(answers, 'generalisedViolence') ||
      yes(answers, 'gangViolence') ||
      (Array.isArray(answers.persecutionGrounds) && answers.persecutionGrounds.length > 0) ||
      yes(answers, 'previousAsylumClaim'),
    child,
    unaccompaniedChild: child && separated,
    smuggledMigrant: yes(answers, 'usedSmuggler'),
    strandedMigrant: yes(answers, 'stranded'),
    extraContinental: data.extraContinental === true,
  };
  const riskLevel: RiskLevel =
    yes(answers, 'immediateDanger') || yes(answers, 'stillUnderControl') || (flagged.unaccompaniedChild && determination === 'likely')
      ? 'critical'
      : determination === 'likely' || flagged.unaccompaniedChild || yes(answers, 'medicalNeedUrgent')
        ? 'high'
        : determination === 'possible' || flagged.internationalProtectionNeed
          ? 'medium'
          : 'low';

  const lawEnforcementConsent = answers.consentLawEnforcement === 'yes';
  const referrals: Referrals = {
    shelter: yes(answers, 'shelterNeeded') || riskLevel === 'critical' || flagged.unaccompaniedChild,
    asylum: flagged.internationalProtectionNeed,
    childProtection: child && (separated || flagged.possibleTraffickingVictim),
    lawEnforcement: flagged.possibleTraffickingVictim && lawEnforcementConsent,
    consentReview: flagged.possibleTraffickingVictim && !lawEnforcementConsent,
    determinationReview: determination === 'likely' && interviewerConclusion === 'not_a_victim',
  };
  return {
    determination,
    interviewerConclusion,
    dimensions,
    elements,
    flags: flagNames.filter((flag) => flagged[flag]),
    riskLevel,
    referrals,
  };
}

/**
 * A case's assessment and the person's age, from its interview as of the interview date. The
 * assessment carries the age band (coarse, in the clear) because the board's index copies the
 * assessment and has no attribute left for another (DynamoDB's 20); the record's own `ageBand`
 * beside it is what the figures read from the table.
 */
export function assessSubmission(form: FormDefinition, submission: { answers: Answers; submittedAt: string }) {
  const interviewDate = submission.submittedAt.slice(0, 10);
  const data = withCalculations(form, submission.answers, interviewDate);
  const age = typeof data.age === 'number' ? data.age : null;
  return { assessment: { ...assess(form, submission.answers, interviewDate), ageBand: ageBandOf(age) }, age, treatedAsChild: data.treatedAsChild === true };
}

/** CTDC's age bands: what boards, indicators and exports keep in the clear instead of an age. */
const ageBands = [[0, 8], [9, 17], [18, 20], [21, 23], [24, 26], [27, 29], [30, 38], [39, 47]] as const;
export function ageBandOf(age: number | null): string {
  if (age === null) return 'unknown';
  const band = ageBands.find(([, upTo]) => age <= upTo);
  return band ? `${band[0]}-${band[1]}` : '48+';
}
