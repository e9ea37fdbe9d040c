// A case in IOM's Human Trafficking Case Data Standard 2.0 (docs/reference/htcds/, its field
// standards sheet): field names with the standard's table prefixes (prs_ person, vic_ victim
// context, cas_ case, con_ consent) and its picklist value names. The whole mapping is here, one
// entry per field; docs/exports.md lists it. Personal fields (names, date of birth) are filled only
// while the person's current consent to data sharing is `yes`; without it they are null.
import type { Answers } from '../../forms/engine/types.ts';
import { sharesData } from './access.ts';
import type { Assessment } from './assessment.ts';
import type { RecordSummary } from './records.ts';

export type HtcdsValue = string | boolean | string[] | null;

/** What a row is made from: the record (in the clear) and the current interview's answers (opened). */
export interface HtcdsSource {
  record: RecordSummary & { assessment?: Assessment; closedAt?: string; milestones?: Record<string, string> };
  answers: Answers;
}

export interface HtcdsField {
  name: string;
  /** Identifies the person: exported only with their current consent to data sharing. */
  personal: boolean;
  value: (source: HtcdsSource) => HtcdsValue;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
/** A Puente choice through a vocabulary map; a value the map does not name is left out (null), never guessed. */
const lookup = (map: Record<string, string>, value: unknown) => (typeof value === 'string' && Object.hasOwn(map, value) ? map[value] : null);
const list = (map: Record<string, string>, values: unknown) => [...new Set((Array.isArray(values) ? values : values === undefined ? [] : [values]).map((value) => lookup(map, value)).filter((value): value is string => value !== null))];

const gender: Record<string, string> = {
  woman: 'Feminine',
  man: 'Masculine',
  // The interview does not tell transgender feminine from masculine: the standard's broader value.
  transgender_nonconforming: 'NonConforming',
  undisclosed: 'NonSpecifiedUnknown',
};

const recruitmentMethod: Record<string, string> = {
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

/** CTDC's recruiter relation onto HTCDS's three values; `other` and `unknown` say nothing of acquaintance. */
const relationshipToTrafficker: Record<string, string> = { family: 'Familial', intimate_partner: 'Acquainted', friend: 'Acquainted' };

const typeOfExploitation: Record<string, string> = {
  forced_labour: 'ForcedLabour',
  sexual_exploitation: 'SexualExploitation',
  forced_begging: 'ForcedBegging',
  forced_marriage: 'ForcedMarriage',
  domestic_servitude: 'Servitude',
  organ_removal: 'OrganRemoval',
  // HTCDS 2.0 has no forced criminality.
  forced_criminality: 'Other',
  other: 'Other',
};

/** CTDC sectors onto ISIC v4 sections (HTCDS labour industry, tier 1); begging and illicit activities have none. */
const forcedLabourIndustry: Record<string, string> = {
  agriculture: 'A_AgricultureForestryAndFishing',
  aquafarming: 'A_AgricultureForestryAndFishing',
  mining_or_drilling: 'B_MiningAndQuarrying',
  manufacturing: 'C_Manufacturing',
  construction: 'F_Construction',
  peddling: 'G_WholesaleAndRetailTradeRepairOfMotorVehicles',
  transportation: 'H_TransportationAndStorage',
  hospitality: 'I_AccommodationAndFoodServiceActivities',
  domestic_work: 'T_ActivitiesOfHouseholdsAsEmployers',
};

const typeOfSexExploitation: Record<string, string> = {
  prostitution: 'Prostitution',
  pornography: 'Pornography',
  remote_interactive_services: 'RemoteInteractiveServices',
  private_sexual_services: 'PrivateSexualServices',
};

/** The Delphi indicators of the interview (answered `yes`) as HTCDS methods of control. */
export const methodsOfControl: Record<string, string> = {
  crDebtBondage: 'DebtBondage',
  cdDebtBondage: 'DebtBondage',
  crWithholdingMoney: 'TakesEarnings',
  cdWithholdingWages: 'TakesEarnings',
  crThreatViolence: 'Threats',
  cdThreatViolence: 'Threats',
  crViolenceFamily: 'Threats',
  cdViolenceFamily: 'Threats',
  crThreatInformFamily: 'Threats',
  cdThreatInformFamily: 'Threats',
  cdThreatWorseConditions: 'Threats',
  crThreatDenunciation: 'ThreatOfLawEnforcement',
  cdThreatDenunciation: 'ThreatOfLawEnforcement',
  crViolence: 'PhysicalAbuse',
  cdViolence: 'PhysicalAbuse',
  crConfinement: 'RestrictsMovement',
  cdConfinement: 'RestrictsMovement',
  crDocumentsConfiscated: 'WithholdsDocuments',
  cdDocumentsConfiscated: 'WithholdsDocuments',
  drNatureOfJob: 'FalsePromises',
  drWorkingConditions: 'FalsePromises',
  drContract: 'FalsePromises',
  drWages: 'FalsePromises',
  drHousing: 'FalsePromises',
  drDocuments: 'FalsePromises',
  drTravelConditions: 'FalsePromises',
  drFamilyReunification: 'FalsePromises',
  drMarriageAdoption: 'FalsePromises',
  drEducation: 'FalsePromises',
  rvEmotionalDependency: 'PsychologicalAbuse',
  cdStrongInfluence: 'PsychologicalAbuse',
  ecExcessiveHours: 'ExcessiveWorkingHours',
  crAbductionSale: 'Other',
  cdForcedIllicitActivities: 'Other',
  cdForcedTasksOrClients: 'Other',
  cdForcedActAgainstPeers: 'Other',
  cdForcedToLie: 'Other',
};

/**
 * The screening's result in the standard's words. A screening never makes an "actual" victim (that
 * is a formal identification outside Puente); "not a victim" only when both the Delphi
 * determination and the interviewer say so; anything else undecided is left empty.
 */
export function traffickingStatus({ record }: HtcdsSource): string | null {
  const assessment = record.assessment;
  if (!assessment) return null;
  if (assessment.flags.includes('possibleTraffickingVictim')) return 'PossibleVictimOfTrafficking';
  if (assessment.determination === 'unlikely' && assessment.interviewerConclusion === 'not_a_victim') return 'NotAVictimOfTrafficking';
  return null;
}

/** Open while a workflow works on it; a closed case that reached a placement or the asylum procedure was referred on. */
function caseStatus({ record }: HtcdsSource): string {
  if (record.stage === 'failed') return 'FollowUp';
  if (record.stage !== 'closed') return 'Active';
  return record.milestones?.placedAt || record.milestones?.asylumReferredAt ? 'ClosedReferred' : 'Closed';
}

/** Every exported field, in column order. */
export const htcdsFields: HtcdsField[] = [
  { name: 'cas_CaseNumber', personal: false, value: ({ record }) => record.id },
  { name: 'cas_CreatedDate', personal: false, value: ({ record }) => record.createdAt.slice(0, 10) },
  { name: 'cas_Status', personal: false, value: caseStatus },
  { name: 'cas_ClosedDate', personal: false, value: ({ record }) => (record.stage === 'closed' && record.closedAt ? record.closedAt.slice(0, 10) : null) },
  { name: 'con_Consent', personal: false, value: ({ answers }) => (answers.consentInterview === 'yes' ? true : answers.consentInterview === 'no' ? false : null) },
  { name: 'prs_FirstName', personal: true, value: ({ answers }) => text(answers.givenName) },
  { name: 'prs_SecondName', personal: true, value: ({ answers }) => text(answers.familyName) },
  { name: 'prs_Birthdate', personal: true, value: ({ answers }) => text(answers.dateOfBirth) },
  { name: 'prs_Gender', personal: false, value: ({ answers }) => lookup(gender, answers.gender) ?? 'NonSpecifiedUnknown' },
  // ISO 3166 codes; stateless or unknown is no citizenship to name.
  { name: 'prs_Citizenship', personal: false, value: ({ answers }) => (typeof answers.nationality === 'string' && /^[A-Z]{2}$/.test(answers.nationality) ? [answers.nationality] : []) },
  { name: 'prs_PrimaryLanguage', personal: false, value: ({ answers }) => (Array.isArray(answers.languages) ? text(answers.languages[0]) : null) },
  { name: 'prs_SecondaryLanguage', personal: false, value: ({ answers }) => (Array.isArray(answers.languages) ? text(answers.languages[1]) : null) },
  { name: 'vic_TraffickingStatus', personal: false, value: traffickingStatus },
  { name: 'vic_RelationshipToTrafficker', personal: false, value: ({ answers }) => lookup(relationshipToTrafficker, answers.recruiterRelation) },
  { name: 'vic_MethodOfRecruitment', personal: false, value: ({ answers }) => list(recruitmentMethod, answers.recruitmentMethod) },
  { name: 'vic_MethodsOfControl', personal: false, value: ({ answers }) => [...new Set(Object.keys(methodsOfControl).filter((id) => answers[id] === 'yes').map((id) => methodsOfControl[id]))].sort() },
  { name: 'vic_TypeOfExploitation', personal: false, value: ({ answers }) => list(typeOfExploitation, answers.exploitationTypes) },
  { name: 'vic_ForcedLabourIndustry', personal: false, value: ({ answers }) => lookup(forcedLabourIndustry, answers.labourSector) },
  { name: 'vic_TypeOfSexExploitation', personal: false, value: ({ answers }) => list(typeOfSexExploitation, answers.sexualExploitationType) },
];

export type HtcdsCase = Record<string, HtcdsValue>;

/** One case as an HTCDS row: personal fields only with the person's current consent to data sharing. */
export function htcdsCase(source: HtcdsSource): HtcdsCase {
  const withPersonal = sharesData(source.record);
  return Object.fromEntries(htcdsFields.map((field) => [field.name, field.personal && !withPersonal ? null : field.value(source)]));
}

/** A cell of the CSV form: lists as Salesforce writes multi-select picklists (`a;b`), booleans as true/false. */
export const htcdsCell = (value: HtcdsValue) => (value === null ? '' : Array.isArray(value) ? value.join(';') : String(value));
