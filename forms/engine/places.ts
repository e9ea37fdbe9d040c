// Countries (ISO 3166-1 alpha-2) and languages. Country names in each language come from
// Intl.DisplayNames in the browser; validation needs the codes only.

export const countryCodes = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
    'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
    'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
    'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
    'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** The Americas, Caribbean territories included: a nationality outside them is extra-continental. */
export const americas = (
  'AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GT GY HN HT JM KN KY LC MF MQ MS ' +
  'MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI'
).split(' ');

export const nationalityExtras = ['stateless', 'unknown'] as const;

// Made on first use: loading ICU's language names takes ~20 ms, too much for every function's cold start.
let languageNames: Intl.DisplayNames | undefined;

/** A language code CLDR knows (ISO 639-1 or -3, e.g. es, ht, quc), optionally with a region. */
export function isLanguageCode(value: string): boolean {
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(value)) return false;
  try {
    return (languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })).of(value) !== undefined;
  } catch {
    return false;
  }
}
