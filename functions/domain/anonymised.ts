// The anonymised release, CTDC-style: one row per person with only quasi-identifiers, generalised,
// and the trafficking status; no ids, no free text, no date finer than a year. Every combination of
// quasi-identifier values in the file appears at least k times (k-anonymity). People whose profile
// is rarer are generalised step by step (citizenship to its region, age to a wider band, …), among
// themselves, until their group reaches k; those still alone after the last step are suppressed.
import type { Answers } from '../../forms/engine/types.ts';
import { traffickingStatus, type HtcdsSource } from './htcds.ts';

export const quasiIdentifiers = ['ageBand', 'gender', 'citizenship', 'exploitationType', 'yearOfRegistration', 'countryOfExploitation'] as const;
export type QuasiIdentifier = (typeof quasiIdentifiers)[number];
export type Profile = Record<QuasiIdentifier, string>;
export interface ReleaseRow extends Profile {
  traffickingStatus: string;
}

/** UN M49 regions (the Americas by sub-region, where Puente works; other continents whole). */
const regionCountries: Record<string, string> = {
  'Central America': 'BZ CR GT HN MX NI PA SV',
  Caribbean: 'AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI',
  'South America': 'AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE',
  'Northern America': 'BM CA GL PM US',
  Africa:
    'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW',
  Asia: 'AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
  Europe: 'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA',
  Oceania: 'AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
};
const regionOf = new Map(Object.entries(regionCountries).flatMap(([region, codes]) => codes.split(' ').map((code) => [code, region] as const)));
/** A country's region; a country in none (Antarctica), or stateless, is `other`; unknown stays unknown. */
export const region = (country: string) => (country === 'unknown' ? 'unknown' : (regionOf.get(country) ?? 'other'));

const wideAge: Record<string, string> = { '0-8': '0-17', '9-17': '0-17', '18-20': '18-29', '21-23': '18-29', '24-26': '18-29', '27-29': '18-29', '30-38': '30-47', '39-47': '30-47' };
const exploitationFamily: Record<string, string> = {
  forced_labour: 'labour',
  domestic_servitude: 'labour',
  forced_begging: 'labour',
  forced_criminality: 'labour',
  sexual_exploitation: 'sexual',
  forced_marriage: 'other',
  organ_removal: 'other',
  other: 'other',
};
const any = () => 'any';

/** Each quasi-identifier's generalisations, from its own value (level 0) up; each level is a coarser partition than the one before. */
const hierarchies: Record<QuasiIdentifier, ((value: string) => string)[]> = {
  citizenship: [region, any],
  countryOfExploitation: [region, any],
  ageBand: [(band) => wideAge[band] ?? band, (band) => (band === 'unknown' || band === '0-17' ? band : '18+')],
  gender: [(gender) => (gender === 'woman' || gender === 'man' ? gender : 'other_or_unknown')],
  exploitationType: [(type) => exploitationFamily[type] ?? type],
  yearOfRegistration: [(year) => `${Math.floor(Number(year) / 5) * 5}-${Math.floor(Number(year) / 5) * 5 + 4}`],
};

/** The order of generalisation: the rarest, least useful detail first; after the last step, suppression. */
export const generalisationSteps: [QuasiIdentifier, number][] = [
  ['citizenship', 1],
  ['countryOfExploitation', 1],
  ['gender', 1],
  ['ageBand', 1],
  ['exploitationType', 1],
  ['yearOfRegistration', 1],
  ['citizenship', 2],
  ['countryOfExploitation', 2],
  ['ageBand', 2],
];

/** A profile generalised to the given level of each quasi-identifier. */
function generalised(profile: Profile, levels: Partial<Record<QuasiIdentifier, number>>): Profile {
  return Object.fromEntries(quasiIdentifiers.map((name) => [name, (hierarchies[name].slice(0, levels[name] ?? 0) as ((value: string) => string)[]).reduce((value, step) => step(value), profile[name])])) as Profile;
}

const classKey = (profile: Profile) => JSON.stringify(quasiIdentifiers.map((name) => profile[name]));

/**
 * The release of `rows` at k: rows are generalised, among those not yet in a group of k, one step at
 * a time; a group of k or more at a step is released at that step. The output is sorted by its values,
 * so the order of rows tells nothing (not when anyone was registered).
 */
export function anonymise(rows: ReleaseRow[], k: number): { rows: ReleaseRow[]; suppressed: number } {
  const released: ReleaseRow[] = [];
  let pending = rows;
  const levels: Partial<Record<QuasiIdentifier, number>> = {};
  for (let step = 0; pending.length && step <= generalisationSteps.length; step++) {
    if (step > 0) {
      const [name, level] = generalisationSteps[step - 1];
      levels[name] = level;
    }
    const groups = new Map<string, ReleaseRow[]>();
    for (const row of pending) {
      const key = classKey(generalised(row, levels));
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    pending = [];
    for (const group of groups.values()) {
      if (group.length >= k) released.push(...group.map((row) => ({ ...generalised(row, levels), traffickingStatus: row.traffickingStatus })));
      else pending.push(...group);
    }
  }
  const ordered = released.map((row) => ({ row, order: JSON.stringify([...quasiIdentifiers.map((name) => row[name]), row.traffickingStatus]) }));
  ordered.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  return { rows: ordered.map(({ row }) => row), suppressed: pending.length };
}

/**
 * A person's profile as registered: CTDC's age band, gender, citizenship, one exploitation type
 * (`multiple` when several were named, `none` without exploitation), the year of registration, and
 * the country of exploitation. The interview does not ask where the exploitation happened: the
 * country where the person was identified (the registering organisation's) stands in for it.
 */
export function releaseRow(source: HtcdsSource & { registeredIn?: string }): ReleaseRow {
  const { record, answers } = source;
  const exploited = answers.workedOrExploited === 'yes';
  return {
    ageBand: typeof record.ageBand === 'string' ? record.ageBand : 'unknown',
    gender: typeof answers.gender === 'string' ? answers.gender : 'unknown',
    citizenship: typeof answers.nationality === 'string' ? answers.nationality : 'unknown',
    exploitationType: exploited ? exploitationTypeOf(answers) : 'none',
    yearOfRegistration: record.createdAt.slice(0, 4),
    countryOfExploitation: exploited && source.registeredIn ? source.registeredIn : 'unknown',
    traffickingStatus: traffickingStatus(source) ?? 'unknown',
  };
}

function exploitationTypeOf(answers: Answers): string {
  const types = Array.isArray(answers.exploitationTypes) ? answers.exploitationTypes : [];
  return types.length === 0 ? 'unknown' : types.length === 1 ? String(types[0]) : 'multiple';
}
