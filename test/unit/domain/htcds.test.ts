// The HTCDS mapping, one test per field: each expectation is written out from the standard's
// value names (docs/reference/htcds/, HTCDS 2.0 field standards), apart from the mapping's tables.
import { describe, expect, test } from 'vitest';
import { screeningInterviewV1 } from '../../../forms/screening-interview/v1.ts';
import { htcdsCase, htcdsCell, htcdsFields, methodsOfControl, type HtcdsSource } from '../../../functions/domain/htcds.ts';
import type { Assessment } from '../../../functions/domain/assessment.ts';

const assessment = (over: Partial<Assessment> = {}): Assessment =>
  ({ determination: 'possible', interviewerConclusion: 'possible_victim', dimensions: {}, elements: { recruitment: false, exploitation: false, coercion: false }, flags: ['possibleTraffickingVictim'], riskLevel: 'medium', referrals: {} as Assessment['referrals'], ...over }) as Assessment;

function source(answers: Record<string, unknown> = {}, record: Partial<HtcdsSource['record']> = {}): HtcdsSource {
  return {
    record: { id: 'c-abc', kind: 'case', stage: 'referral', createdAt: '2026-03-04T10:00:00.000Z', updatedAt: '2026-03-05T10:00:00.000Z', createdByOrg: 'org-s', consent: { dataSharing: 'yes', changes: [] }, assessment: assessment(), ...record },
    answers,
  };
}
const field = (name: string, answers?: Record<string, unknown>, record?: Partial<HtcdsSource['record']>) => htcdsCase(source(answers, record))[name];

describe('HTCDS fields', () => {
  test('every field has a test here, and the columns keep their order', () => {
    expect(htcdsFields.map((f) => f.name)).toEqual([
      'cas_CaseNumber', 'cas_CreatedDate', 'cas_Status', 'cas_ClosedDate', 'con_Consent', 'prs_FirstName', 'prs_SecondName', 'prs_Birthdate', 'prs_Gender', 'prs_Citizenship',
      'prs_PrimaryLanguage', 'prs_SecondaryLanguage', 'vic_TraffickingStatus', 'vic_RelationshipToTrafficker', 'vic_MethodOfRecruitment', 'vic_MethodsOfControl', 'vic_TypeOfExploitation',
      'vic_ForcedLabourIndustry', 'vic_TypeOfSexExploitation',
    ]);
  });

  test('cas_CaseNumber is the case id', () => expect(field('cas_CaseNumber')).toBe('c-abc'));
  test('cas_CreatedDate is the registration day', () => expect(field('cas_CreatedDate')).toBe('2026-03-04'));

  test('cas_Status: Active while open, FollowUp when the workflow failed, Closed / ClosedReferred when closed', () => {
    expect(field('cas_Status', {}, { stage: 'intake' })).toBe('Active');
    expect(field('cas_Status', {}, { stage: 'referral' })).toBe('Active');
    expect(field('cas_Status', {}, { stage: 'failed' })).toBe('FollowUp');
    expect(field('cas_Status', {}, { stage: 'closed' })).toBe('Closed');
    expect(field('cas_Status', {}, { stage: 'closed', milestones: { placedAt: '2026-03-05T00:00:00Z' } })).toBe('ClosedReferred');
    expect(field('cas_Status', {}, { stage: 'closed', milestones: { asylumReferredAt: '2026-03-05T00:00:00Z' } })).toBe('ClosedReferred');
  });

  test('cas_ClosedDate only for a closed case', () => {
    expect(field('cas_ClosedDate', {}, { stage: 'closed', closedAt: '2026-04-01T08:00:00Z' })).toBe('2026-04-01');
    expect(field('cas_ClosedDate', {}, { stage: 'referral' })).toBeNull();
  });

  test('con_Consent is the consent to the interview', () => {
    expect(field('con_Consent', { consentInterview: 'yes' })).toBe(true);
    expect(field('con_Consent', { consentInterview: 'no' })).toBe(false);
    expect(field('con_Consent', {})).toBeNull();
  });

  test('prs_FirstName, prs_SecondName, prs_Birthdate: with consent to data sharing only, current consent', () => {
    const answers = { givenName: ' Ana ', familyName: 'Pérez', dateOfBirth: '2001-02-03' };
    expect([field('prs_FirstName', answers), field('prs_SecondName', answers), field('prs_Birthdate', answers)]).toEqual(['Ana', 'Pérez', '2001-02-03']);
    for (const dataSharing of ['no', 'later', 'unknown', undefined]) {
      const record = { consent: { dataSharing, changes: [] } };
      expect([field('prs_FirstName', answers, record), field('prs_SecondName', answers, record), field('prs_Birthdate', answers, record)]).toEqual([null, null, null]);
    }
    expect(htcdsFields.filter((f) => f.personal).map((f) => f.name)).toEqual(['prs_FirstName', 'prs_SecondName', 'prs_Birthdate']);
  });

  test('prs_Gender in HTCDS 2.0 values; unanswered is NonSpecifiedUnknown', () => {
    expect(field('prs_Gender', { gender: 'woman' })).toBe('Feminine');
    expect(field('prs_Gender', { gender: 'man' })).toBe('Masculine');
    expect(field('prs_Gender', { gender: 'transgender_nonconforming' })).toBe('NonConforming');
    expect(field('prs_Gender', { gender: 'undisclosed' })).toBe('NonSpecifiedUnknown');
    expect(field('prs_Gender', {})).toBe('NonSpecifiedUnknown');
  });

  test('prs_Citizenship: ISO 3166 codes; stateless and unknown name none', () => {
    expect(field('prs_Citizenship', { nationality: 'HN' })).toEqual(['HN']);
    expect(field('prs_Citizenship', { nationality: 'stateless' })).toEqual([]);
    expect(field('prs_Citizenship', { nationality: 'unknown' })).toEqual([]);
    expect(field('prs_Citizenship', {})).toEqual([]);
  });

  test('prs_PrimaryLanguage and prs_SecondaryLanguage: the first two languages spoken', () => {
    expect([field('prs_PrimaryLanguage', { languages: ['es', 'quc'] }), field('prs_SecondaryLanguage', { languages: ['es', 'quc'] })]).toEqual(['es', 'quc']);
    expect([field('prs_PrimaryLanguage', { languages: ['fr'] }), field('prs_SecondaryLanguage', { languages: ['fr'] })]).toEqual(['fr', null]);
  });

  test('vic_TraffickingStatus: possible from the screening, never actual, not-a-victim only when both agree', () => {
    expect(field('vic_TraffickingStatus')).toBe('PossibleVictimOfTrafficking');
    expect(field('vic_TraffickingStatus', {}, { assessment: assessment({ determination: 'likely', interviewerConclusion: 'presumed_victim' }) })).toBe('PossibleVictimOfTrafficking');
    expect(field('vic_TraffickingStatus', {}, { assessment: assessment({ determination: 'unlikely', interviewerConclusion: 'not_a_victim', flags: [] }) })).toBe('NotAVictimOfTrafficking');
    expect(field('vic_TraffickingStatus', {}, { assessment: assessment({ determination: 'unlikely', interviewerConclusion: 'further_assessment', flags: [] }) })).toBeNull();
    expect(field('vic_TraffickingStatus', {}, { assessment: undefined })).toBeNull();
  });

  test('vic_RelationshipToTrafficker: Familial / Acquainted; other and unknown left empty', () => {
    expect(field('vic_RelationshipToTrafficker', { recruiterRelation: 'family' })).toBe('Familial');
    expect(field('vic_RelationshipToTrafficker', { recruiterRelation: 'intimate_partner' })).toBe('Acquainted');
    expect(field('vic_RelationshipToTrafficker', { recruiterRelation: 'friend' })).toBe('Acquainted');
    expect(field('vic_RelationshipToTrafficker', { recruiterRelation: 'other' })).toBeNull();
    expect(field('vic_RelationshipToTrafficker', { recruiterRelation: 'unknown' })).toBeNull();
  });

  test('vic_MethodOfRecruitment: every Puente method in HTCDS 2.0 value names', () => {
    const expected: Record<string, string> = {
      place_of_business: 'AtAPlaceOfBusiness',
      educational_institution: 'AtAnEducationalInstitution',
      at_work: 'AtWork',
      online_social_network: 'ThroughOnlineSocialNetworks',
      online_advert: 'ThroughAnOnlineAdvertisement',
      tv_advert: 'ThroughATelevisionAdvert',
      newspaper_advert: 'ThroughANewspaperAdvert',
      family: 'ThroughFamilyOrFamilyEvents',
      friends: 'ThroughFriendsOrSocialEvents',
      other: 'Other',
    };
    expect(screeningInterviewV1.choiceLists.recruitmentMethod.map((c) => c.value).sort()).toEqual(Object.keys(expected).sort());
    for (const [value, name] of Object.entries(expected)) expect(field('vic_MethodOfRecruitment', { recruitmentMethod: value })).toEqual([name]);
    expect(field('vic_MethodOfRecruitment', {})).toEqual([]);
  });

  test('vic_MethodsOfControl: the indicators answered yes, in the reference vocabulary, each once', () => {
    const reference = ['DebtBondage', 'TakesEarnings', 'RestrictsFinancialAccess', 'Threats', 'PsychologicalAbuse', 'PhysicalAbuse', 'SexualAbuse', 'FalsePromises', 'PsychoactiveSubstances', 'RestrictsMovement', 'RestrictsMedicalCare', 'ExcessiveWorkingHours', 'UsesChildren', 'ThreatOfLawEnforcement', 'WithholdsNecessities', 'WithholdsDocuments', 'Other'];
    const questions = new Set(screeningInterviewV1.sections.flatMap((s) => s.questions).map((q) => q.id));
    for (const [id, method] of Object.entries(methodsOfControl)) {
      expect(questions.has(id), id).toBe(true);
      expect(reference, method).toContain(method);
    }
    expect(field('vic_MethodsOfControl', { crDebtBondage: 'yes', cdDebtBondage: 'yes', cdConfinement: 'yes', crViolence: 'no', drWages: 'unknown', cdThreatDenunciation: 'yes' })).toEqual(['DebtBondage', 'RestrictsMovement', 'ThreatOfLawEnforcement']);
    expect(field('vic_MethodsOfControl', { drNatureOfJob: 'yes', cdDocumentsConfiscated: 'yes', ecExcessiveHours: 'yes', cdWithholdingWages: 'yes', crViolence: 'yes' })).toEqual(['ExcessiveWorkingHours', 'FalsePromises', 'PhysicalAbuse', 'TakesEarnings', 'WithholdsDocuments']);
    expect(field('vic_MethodsOfControl', { ecLowOrNoPay: 'yes' })).toEqual([]);
  });

  test('vic_TypeOfExploitation: HTCDS 2.0 types; forced criminality is Other', () => {
    expect(field('vic_TypeOfExploitation', { exploitationTypes: ['forced_labour', 'sexual_exploitation'] })).toEqual(['ForcedLabour', 'SexualExploitation']);
    expect(field('vic_TypeOfExploitation', { exploitationTypes: ['forced_begging', 'forced_marriage', 'domestic_servitude', 'organ_removal'] })).toEqual(['ForcedBegging', 'ForcedMarriage', 'Servitude', 'OrganRemoval']);
    expect(field('vic_TypeOfExploitation', { exploitationTypes: ['forced_criminality', 'other'] })).toEqual(['Other']);
    expect(field('vic_TypeOfExploitation', {})).toEqual([]);
  });

  test('vic_ForcedLabourIndustry: CTDC sectors onto ISIC sections; begging, illicit and other have none', () => {
    const expected: Record<string, string | null> = {
      agriculture: 'A_AgricultureForestryAndFishing',
      aquafarming: 'A_AgricultureForestryAndFishing',
      mining_or_drilling: 'B_MiningAndQuarrying',
      manufacturing: 'C_Manufacturing',
      construction: 'F_Construction',
      peddling: 'G_WholesaleAndRetailTradeRepairOfMotorVehicles',
      transportation: 'H_TransportationAndStorage',
      hospitality: 'I_AccommodationAndFoodServiceActivities',
      domestic_work: 'T_ActivitiesOfHouseholdsAsEmployers',
      begging: null,
      illicit_activities: null,
      other: null,
    };
    expect(screeningInterviewV1.choiceLists.labourSector.map((c) => c.value).sort()).toEqual(Object.keys(expected).sort());
    for (const [value, name] of Object.entries(expected)) expect(field('vic_ForcedLabourIndustry', { labourSector: value })).toBe(name);
  });

  test('vic_TypeOfSexExploitation', () => {
    expect(field('vic_TypeOfSexExploitation', { sexualExploitationType: 'prostitution' })).toEqual(['Prostitution']);
    expect(field('vic_TypeOfSexExploitation', { sexualExploitationType: 'pornography' })).toEqual(['Pornography']);
    expect(field('vic_TypeOfSexExploitation', { sexualExploitationType: 'remote_interactive_services' })).toEqual(['RemoteInteractiveServices']);
    expect(field('vic_TypeOfSexExploitation', { sexualExploitationType: 'private_sexual_services' })).toEqual(['PrivateSexualServices']);
  });

  test('free text never leaves: the interviewer’s notes and the caregiver’s whereabouts are in no field', () => {
    const row = htcdsCase(source({ interviewerNotes: 'MARKER-NOTES', caregiverWhereabouts: 'MARKER-PLACE', givenName: 'Ana' }));
    expect(JSON.stringify(row)).not.toMatch(/MARKER/);
  });

  test('CSV cells: lists as a;b, booleans as words, null empty', () => {
    expect([htcdsCell(['A', 'B']), htcdsCell(true), htcdsCell(null), htcdsCell('x')]).toEqual(['A;B', 'true', '', 'x']);
  });
});
