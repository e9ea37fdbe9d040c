// The Delphi determination, flags, risk and referrals, rule by rule (reference: Rules).
import { describe, expect, test } from 'vitest';
import { assess, dimensionsOf } from '../../../functions/domain/assessment.ts';
import { dimensionIsPositive } from '../../../functions/domain/policy.ts';
import { triage } from '../../../functions/domain/triage.ts';
import type { Answers } from '../../../forms/engine/types.ts';
import { screeningInterviewV1 as form } from '../../../forms/screening-interview/v1.ts';

const TODAY = '2026-11-28';
const yesTo = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, 'yes']));
const base = (extra: Answers = {}): Answers => ({
  consentInterview: 'yes',
  consentLawEnforcement: 'yes',
  ageEstimate: 30,
  gender: 'man',
  nationality: 'HN',
  recruitedByThirdParty: 'yes',
  workedOrExploited: 'yes',
  immediateDanger: 'no',
  medicalNeedUrgent: 'no',
  shelterNeeded: 'no',
  interviewerConclusion: 'further_assessment',
  ...extra,
});

// Positive in each element with the fewest indicators.
const recruitment = yesTo('drNatureOfJob', 'drWages'); // 1 strong + 1 medium
const exploitation = yesTo('ecExcessiveHours', 'ecLowOrNoPay');
const coercion = yesTo('cdDocumentsConfiscated', 'cdDebtBondage'); // 2 strong

describe('a Delphi dimension', () => {
  test.each([
    [{ strong: 2, medium: 0, weak: 0 }, true],
    [{ strong: 1, medium: 1, weak: 0 }, true],
    [{ strong: 1, medium: 0, weak: 1 }, true],
    [{ strong: 1, medium: 0, weak: 0 }, false],
    [{ strong: 0, medium: 3, weak: 0 }, true],
    [{ strong: 0, medium: 2, weak: 1 }, true],
    [{ strong: 0, medium: 2, weak: 0 }, false],
    [{ strong: 0, medium: 1, weak: 5 }, false],
    [{ strong: 0, medium: 0, weak: 3 }, false],
  ])('%o is positive: %s', (count, positive) => {
    expect(dimensionIsPositive(count)).toBe(positive);
  });

  test('counts only yes answers, and lists them', () => {
    const dimensions = dimensionsOf(form, { ...yesTo('crViolence', 'crThreatViolence'), crDebtBondage: 'unknown', crConfinement: 'no' });
    expect(dimensions.coerciveRecruitment).toEqual({ positive: true, indicators: ['crViolence', 'crThreatViolence'] });
    expect(dimensions.deceptiveRecruitment).toEqual({ positive: false, indicators: [] });
  });
});

describe('the determination', () => {
  test('an adult is likely with recruitment, exploitation and coercion', () => {
    const result = assess(form, base({ ...recruitment, ...exploitation, ...coercion }), TODAY);
    expect(result.determination).toBe('likely');
    expect(result.elements).toEqual({ recruitment: true, exploitation: true, coercion: true });
  });

  test('vulnerability at destination counts as coercion', () => {
    const vulnerability = yesTo('vdDependencyOnExploiters', 'vdUnknownArea', 'vdEconomicReasons');
    expect(assess(form, base({ ...recruitment, ...exploitation, ...vulnerability }), TODAY).determination).toBe('likely');
  });

  test('two elements of three make an adult possible, not likely', () => {
    expect(assess(form, base({ ...exploitation, ...yesTo('drWages', 'drHousing', 'drContract') }), TODAY).determination).toBe('possible');
  });

  test('a single strong indicator makes it possible', () => {
    expect(assess(form, base(yesTo('cdViolence')), TODAY).determination).toBe('possible');
  });

  test('the interviewer’s presumed or possible victim makes it possible', () => {
    expect(assess(form, base({ interviewerConclusion: 'possible_victim' }), TODAY).determination).toBe('possible');
  });

  test('nothing else is unlikely', () => {
    expect(assess(form, base(yesTo('drWages', 'ecLowOrNoPay')), TODAY).determination).toBe('unlikely');
  });

  test('a child needs no means: exploitation alone is likely', () => {
    const child = base({ ageEstimate: 15, separationStatus: 'accompanied', ...exploitation });
    expect(assess(form, child, TODAY).determination).toBe('likely');
    expect(assess(form, { ...child, ageEstimate: 30 }, TODAY).determination).toBe('possible');
  });

  test('a child with coercion at destination alone is likely', () => {
    expect(assess(form, base({ ageEstimate: 12, ...coercion }), TODAY).determination).toBe('likely');
  });

  test('the presumption of minority applies the child rule to a disputed 19-year-old', () => {
    const disputed = base({ ageEstimate: 19, ageDisputed: 'yes', ...exploitation });
    expect(assess(form, disputed, TODAY).determination).toBe('likely');
    expect(assess(form, { ...disputed, ageDisputed: 'no' }, TODAY).determination).toBe('possible');
  });
});

describe('flags, risk and referrals', () => {
  test('a likely adult victim with law-enforcement consent', () => {
    const result = assess(form, base({ ...recruitment, ...exploitation, ...coercion, shelterNeeded: 'yes', usedSmuggler: 'yes' }), TODAY);
    expect(result.flags).toEqual(['possibleTraffickingVictim', 'smuggledMigrant']);
    expect(result.riskLevel).toBe('high');
    expect(result.referrals).toEqual({
      shelter: true,
      asylum: false,
      childProtection: false,
      lawEnforcement: true,
      consentReview: false,
      determinationReview: false,
    });
  });

  test('an unaccompanied girl with asylum indicators', () => {
    const result = assess(
      form,
      base({ ageEstimate: 14, gender: 'woman', separationStatus: 'unaccompanied', fearOfReturn: 'yes', persecutionGrounds: ['social_group'], nationality: 'SV', consentLawEnforcement: 'later', workedOrExploited: 'no', recruitedByThirdParty: 'no' }),
      TODAY,
    );
    expect(result.determination).toBe('unlikely');
    expect(result.flags).toEqual(['internationalProtectionNeed', 'child', 'unaccompaniedChild']);
    expect(result.riskLevel).toBe('high');
    expect(result.referrals).toMatchObject({ shelter: true, asylum: true, childProtection: true, lawEnforcement: false, consentReview: false });
  });

  test('an unaccompanied child who is likely trafficked is critical', () => {
    expect(assess(form, base({ ageEstimate: 16, separationStatus: 'separated', ...exploitation }), TODAY).riskLevel).toBe('critical');
  });

  test('immediate danger or still under control is critical, and needs a shelter', () => {
    const danger = assess(form, base({ immediateDanger: 'yes' }), TODAY);
    expect(danger.riskLevel).toBe('critical');
    expect(danger.referrals.shelter).toBe(true);
    expect(assess(form, base({ stillUnderControl: 'yes' }), TODAY).riskLevel).toBe('critical');
  });

  test('urgent medical need is high; protection need alone is medium; nothing is low', () => {
    expect(assess(form, base({ medicalNeedUrgent: 'yes' }), TODAY).riskLevel).toBe('high');
    expect(assess(form, base({ gangViolence: 'yes' }), TODAY).riskLevel).toBe('medium');
    expect(assess(form, base(), TODAY).riskLevel).toBe('low');
  });

  test('a trafficking victim with asylum indicators still gets the refugee-status check', () => {
    const result = assess(form, base({ ...recruitment, ...exploitation, ...coercion, previousAsylumClaim: 'yes' }), TODAY);
    expect(result.determination).toBe('likely');
    expect(result.referrals.asylum).toBe(true);
  });

  test('without law-enforcement consent nothing goes to the liaison; consent is revisited', () => {
    const result = assess(form, base({ ...recruitment, ...exploitation, ...coercion, consentLawEnforcement: 'no' }), TODAY);
    expect(result.referrals.lawEnforcement).toBe(false);
    expect(result.referrals.consentReview).toBe(true);
  });

  test('computed likely against an interviewer’s not_a_victim goes to review; the reverse protects', () => {
    const likely = { ...recruitment, ...exploitation, ...coercion };
    expect(assess(form, base({ ...likely, interviewerConclusion: 'not_a_victim' }), TODAY).referrals.determinationReview).toBe(true);
    const seen = assess(form, base({ interviewerConclusion: 'presumed_victim' }), TODAY);
    expect(seen.flags).toContain('possibleTraffickingVictim');
    expect(seen.referrals.determinationReview).toBe(false);
  });

  test('extra-continental and stranded migrants are flagged', () => {
    expect(assess(form, base({ nationality: 'CM', stranded: 'yes' }), TODAY).flags).toEqual(['strandedMigrant', 'extraContinental']);
    expect(assess(form, base({ nationality: 'stateless' }), TODAY).flags).toEqual([]);
  });
});

describe('tip triage', () => {
  const tip = (extra: Answers = {}) => ({ immediateDangerObserved: 'no', minorsPresent: 'no', ...extra });
  test.each([
    [tip({ immediateDangerObserved: 'yes' }), 'urgent'],
    [tip(yesTo('iloPhysicalSexualViolence')), 'urgent'],
    [tip({ minorsPresent: 'yes', ...yesTo('iloExcessiveOvertime') }), 'urgent'],
    [tip({ minorsPresent: 'yes' }), 'insufficient'],
    [tip(yesTo('iloDeception', 'iloIsolation', 'iloExcessiveOvertime')), 'priority'],
    [tip(yesTo('iloRetentionOfDocuments')), 'priority'],
    [tip(yesTo('iloDebtBondage')), 'priority'],
    [tip(yesTo('iloRestrictionOfMovement')), 'priority'],
    [tip(yesTo('iloDeception', 'iloIsolation')), 'routine'],
    [tip(yesTo('iloAbusiveConditions')), 'routine'],
    [tip({ iloDeception: 'unknown' }), 'insufficient'],
  ])('%o is %s', (answers, expected) => {
    expect(triage(answers).triage).toBe(expected);
  });
});
