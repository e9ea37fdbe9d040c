// The anonymised release: k-anonymity checked by a counter written here, apart from the code, on a
// data set with common and unique profiles and on random ones; CSV cells that cannot run as formulas.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countryCodes } from '../../../forms/engine/places.ts';
import { anonymise, quasiIdentifiers, region, releaseRow, type ReleaseRow } from '../../../functions/domain/anonymised.ts';
import { csvCell, csvLine, fillAnswer } from '../../../functions/domain/csv.ts';
import { exportPolicy } from '../../../functions/domain/policy.ts';

const k = exportPolicy.k;

/** The smallest number of rows sharing one combination of the six quasi-identifiers (Infinity for none). */
function smallestGroup(rows: ReleaseRow[]): number {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = [row.ageBand, row.gender, row.citizenship, row.exploitationType, row.yearOfRegistration, row.countryOfExploitation].join('|');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size ? Math.min(...counts.values()) : Infinity;
}

const person = (over: Partial<ReleaseRow> = {}): ReleaseRow => ({
  ageBand: '18-20',
  gender: 'woman',
  citizenship: 'GT',
  exploitationType: 'sexual_exploitation',
  yearOfRegistration: '2026',
  countryOfExploitation: 'GT',
  traffickingStatus: 'PossibleVictimOfTrafficking',
  ...over,
});
const times = (n: number, over: Partial<ReleaseRow> = {}) => Array.from({ length: n }, () => person(over));

describe('anonymised release', () => {
  test('k is 11, as CTDC publishes', () => expect(k).toBe(11));

  test('common profiles pass unchanged, unique ones are suppressed, every combination appears at least k times', () => {
    const common = [...times(15), ...times(12, { gender: 'man', ageBand: '30-38', exploitationType: 'forced_labour' })];
    // Unique: a stateless transgender person of 60 in organ removal, registered 2019 and exploited far away.
    const unique = [
      person({ gender: 'transgender_nonconforming', citizenship: 'stateless', ageBand: '48+', exploitationType: 'organ_removal', yearOfRegistration: '2019', countryOfExploitation: 'JP' }),
      person({ gender: 'undisclosed', citizenship: 'AQ', ageBand: 'unknown', exploitationType: 'multiple', yearOfRegistration: '2011', countryOfExploitation: 'unknown' }),
    ];
    const release = anonymise([...common, ...unique], k);
    expect(smallestGroup(release.rows)).toBeGreaterThanOrEqual(k);
    expect(release.suppressed).toBe(2);
    expect(release.rows).toHaveLength(27);
    expect(release.rows.filter((row) => row.citizenship === 'GT' && row.gender === 'woman')).toHaveLength(15);
    expect(release.rows.some((row) => row.yearOfRegistration === '2019' || row.citizenship === 'stateless' || row.countryOfExploitation === 'JP')).toBe(false);
  });

  test('rare profiles are generalised step by step before any is suppressed: citizenship to its region first', () => {
    // Six Hondurans and six Salvadorans: neither reaches k alone, together (Central America) they do.
    const rows = [...times(20), ...times(6, { citizenship: 'HN' }), ...times(6, { citizenship: 'SV' })];
    const release = anonymise(rows, k);
    expect(release.suppressed).toBe(0);
    expect(release.rows.filter((row) => row.citizenship === 'Central America')).toHaveLength(12);
    expect(release.rows.filter((row) => row.citizenship === 'GT')).toHaveLength(20);
    expect(smallestGroup(release.rows)).toBeGreaterThanOrEqual(k);
  });

  test('ages go to a wider band when region alone is not enough', () => {
    const rows = [...times(6, { citizenship: 'HN', ageBand: '21-23' }), ...times(6, { citizenship: 'SV', ageBand: '24-26' })];
    const release = anonymise(rows, k);
    expect(release.suppressed).toBe(0);
    expect(new Set(release.rows.map((row) => `${row.citizenship} ${row.ageBand}`))).toEqual(new Set(['Central America 18-29']));
  });

  test('the file holds no id, no date finer than a year, only the quasi-identifiers and the status', () => {
    const release = anonymise(times(11), k);
    for (const row of release.rows) {
      expect(Object.keys(row).sort()).toEqual([...quasiIdentifiers, 'traffickingStatus'].sort());
      expect(row.yearOfRegistration).toMatch(/^\d{4}(-\d{4})?$/);
    }
  });

  test('rows come out sorted by their values, not in the order people were registered', () => {
    const rows = [...times(11, { ageBand: '9-17' }), ...times(11, { ageBand: '0-8' })];
    const release = anonymise(rows, k);
    expect(release.rows[0].ageBand).toBe('0-8');
  });

  test('on any data set, every combination released appears at least k times and nothing is lost or invented', () => {
    const value = <T>(...options: T[]) => fc.constantFrom(...options);
    const row = fc.record({
      ageBand: value('0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown'),
      gender: value('woman', 'man', 'transgender_nonconforming', 'undisclosed', 'unknown'),
      citizenship: value('GT', 'HN', 'SV', 'MX', 'VE', 'CU', 'US', 'CN', 'NG', 'stateless', 'unknown'),
      exploitationType: value('forced_labour', 'sexual_exploitation', 'domestic_servitude', 'multiple', 'none', 'unknown'),
      yearOfRegistration: value('2024', '2025', '2026'),
      countryOfExploitation: value('GT', 'MX', 'unknown'),
      traffickingStatus: value('PossibleVictimOfTrafficking', 'unknown'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
        const release = anonymise(rows, k);
        expect(smallestGroup(release.rows)).toBeGreaterThanOrEqual(k);
        expect(release.rows.length + release.suppressed).toBe(rows.length);
      }),
      { numRuns: 150 },
    );
  });

  test('every country has a region (Antarctica and stateless: other; unknown stays unknown)', () => {
    const regions = new Set([...countryCodes].map(region));
    expect(regions).toEqual(new Set(['Central America', 'Caribbean', 'South America', 'Northern America', 'Africa', 'Asia', 'Europe', 'Oceania', 'other']));
    expect([region('GT'), region('CU'), region('VE'), region('US'), region('AQ'), region('stateless'), region('unknown')]).toEqual(['Central America', 'Caribbean', 'South America', 'Northern America', 'other', 'other', 'unknown']);
  });

  test('a profile from a case: its age band, answers, year, and the registering country only where there was exploitation', () => {
    const record = { id: 'c-x', kind: 'case' as const, stage: 'referral', createdAt: '2025-12-31T23:00:00Z', updatedAt: '2026-01-01T00:00:00Z', createdByOrg: 'o', ageBand: '18-20' };
    expect(releaseRow({ record, answers: { gender: 'man', nationality: 'HN', workedOrExploited: 'yes', exploitationTypes: ['forced_labour', 'forced_begging'] }, registeredIn: 'GT' })).toEqual({
      ageBand: '18-20', gender: 'man', citizenship: 'HN', exploitationType: 'multiple', yearOfRegistration: '2025', countryOfExploitation: 'GT', traffickingStatus: 'unknown',
    });
    expect(releaseRow({ record: { ...record, ageBand: undefined }, answers: { workedOrExploited: 'no' }, registeredIn: 'GT' })).toMatchObject({ ageBand: 'unknown', gender: 'unknown', citizenship: 'unknown', exploitationType: 'none', countryOfExploitation: 'unknown' });
  });
});

describe('CSV', () => {
  test('quotes what needs quoting, doubles quotes, ends lines with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
  });

  test('cells that would run as formulas are neutralised', () => {
    for (const dangerous of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x")']) {
      expect(csvCell(dangerous).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('Ana María')).toBe('Ana María');
  });
});

describe('an answer that fits', () => {
  test('takes items while their pieces, as they travel JSON-escaped, fit the budget; passes over those without a piece; always takes one', () => {
    const items = ['a'.repeat(40), undefined, 'b'.repeat(40), '"'.repeat(20)];
    // Each 40-character piece costs 42 bytes in the response (its quotes); 20 quotes cost 42 too.
    expect(fillAnswer(items, (item) => item, 84)).toEqual({ pieces: [items[0], items[2]], taken: 3 });
    expect(fillAnswer(items, (item) => item, 126)).toEqual({ pieces: [items[0], items[2], items[3]], taken: 4 });
    expect(fillAnswer(items, (item) => item, 10)).toEqual({ pieces: [items[0]], taken: 1 });
  });
});
