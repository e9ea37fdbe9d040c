// Each indicator definition on a hand-built timeline: what it counts, in which period, and when a
// time to protection is counted (when it happens, not when the case closes).
import { describe, expect, test } from 'vitest';
import { computeIndicators, disaggregationOf, indicatorDefinitions, percentile, type CaseFacts, type IndicatorFacts, type TaskFacts, type TipFacts } from '../../../functions/domain/indicators.ts';
import { publishable } from '../../../functions/domain/small-cells.ts';

const NOV = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const DEC = { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

const task = (kind: string, createdAt: string, extra: Partial<TaskFacts> = {}): TaskFacts => ({
  kind,
  status: 'open',
  assigneeOrg: kind === 'placement' ? 'shelter-1' : kind === 'asylum-referral' ? 'asylum' : kind === 'guardianship' ? 'child-protection' : 'liaison',
  createdAt,
  dueAt: new Date(Date.parse(createdAt) + 24 * 3_600_000).toISOString(),
  ...extra,
});
const decided = (kind: string, createdAt: string, decidedAt: string, outcome: string, extra: Partial<TaskFacts> = {}) => task(kind, createdAt, { status: 'decided', decidedAt, outcome, ...extra });

/** The timeline: four people screened in November, one in October, one in December. */
const cases: CaseFacts[] = [
  {
    // An adult woman, presumed trafficked, placed after 6 hours (second shelter), asylum answered after 50 hours (late).
    id: 'c-a',
    createdAt: at(2),
    assessment: { determination: 'likely', flags: ['possibleTraffickingVictim', 'internationalProtectionNeed', 'child'] },
    ageBand: '24-26',
    disaggregation: { gender: 'woman', nationality: 'VE', exploitationTypes: ['sexual_exploitation'] },
    consent: { lawEnforcement: 'yes', changes: [{ at: at(5), by: 'u', role: 'screener', organisationId: 'o', lawEnforcement: 'yes' }] },
    tasks: [
      decided('placement', at(2), at(2, 2), 'declined', { assigneeOrg: 'shelter-2' }),
      decided('placement', at(2, 2), at(2, 6), 'accepted'),
      decided('asylum-referral', at(2), at(4, 2), 'registered', { dueAt: at(3) }),
      task('liaison-referral', at(5)),
    ],
  },
  {
    // An unaccompanied boy: a guardian after 30 hours, answered late; his placement lapsed.
    id: 'c-b',
    createdAt: at(10),
    assessment: { determination: 'possible', flags: ['unaccompaniedChild', 'child'] },
    ageBand: '9-17',
    disaggregation: { gender: 'man', nationality: 'HT' },
    tasks: [task('placement', at(10), { status: 'overdue', decidedAt: at(10, 4) }), decided('guardianship', at(10), at(11, 6), 'guardian:yes')],
  },
  {
    // Screened late November; placed in December: counted in December, not November.
    id: 'c-c',
    createdAt: at(30, 20),
    assessment: { determination: 'unlikely', flags: ['smuggledMigrant'] },
    ageBand: '30-38',
    disaggregation: { gender: 'man', nationality: 'VE' },
    tasks: [decided('placement', at(30, 20), '2026-12-01T08:00:00.000Z', 'accepted'), task('asylum-referral', at(30, 20), { status: 'withdrawn', decidedAt: at(30, 21) })],
  },
  { id: 'c-d', createdAt: at(15), tasks: [] },
  // Outside November: an October screening whose consent came in November, and a December one.
  {
    id: 'c-e',
    createdAt: '2026-10-20T00:00:00.000Z',
    assessment: { determination: 'likely', flags: ['possibleTraffickingVictim'] },
    consent: { lawEnforcement: 'yes', changes: [{ at: at(25), by: 'u', role: 'screener', organisationId: 'o', lawEnforcement: 'yes' }] },
    tasks: [task('liaison-referral', at(25)), task('consent-review', '2026-10-21T00:00:00.000Z')],
  },
  { id: 'c-f', createdAt: '2026-12-03T00:00:00.000Z', assessment: { determination: 'likely', flags: [] }, tasks: [] },
];

const tips: TipFacts[] = [
  { id: 't-a', createdAt: at(3), triage: 'urgent', caseIds: ['c-x', 'c-y'], tasks: [decided('inspection', at(3), at(4), 'forced-labour-found')] },
  { id: 't-b', createdAt: at(4), triage: 'routine', tasks: [decided('inspection', at(4), at(9), 'inspected')] },
  { id: 't-c', createdAt: at(6), triage: 'routine', tasks: [task('inspection', at(6))] },
  { id: 't-d', createdAt: at(7), tasks: [] },
  { id: 't-e', createdAt: '2026-10-01T00:00:00.000Z', triage: 'urgent', tasks: [] },
];

const facts: IndicatorFacts = { cases, tips };
const table = (id: string, period = NOV) => computeIndicators(facts, period).find((one) => one.id === id)!;
const rows = (id: string, period = NOV) => Object.fromEntries(table(id, period).rows.map((row) => [row.key, row.values]));
const column = (id: string, name: string, period = NOV) => {
  const { columns, rows: all } = table(id, period);
  return Object.fromEntries(all.map((row) => [row.key, row.values[columns.indexOf(name)]]));
};

describe('persons screened in the period', () => {
  test('by determination: the cases created in the period, unassessed ones too', () => {
    expect(column('screened-by-determination', 'people')).toEqual({ likely: 1, possible: 1, unlikely: 1, unassessed: 1, total: 4 });
    expect(column('screened-by-determination', 'people', DEC)).toMatchObject({ likely: 1, total: 1 });
  });

  test('by profile: each profile counted, a person in several', () => {
    expect(column('screened-by-profile', 'people')).toEqual({ possibleTraffickingVictim: 1, internationalProtectionNeed: 1, unaccompaniedChild: 1, smuggledMigrant: 1, strandedMigrant: 0 });
  });

  test('by exploitation type and by nationality', () => {
    expect(column('screened-by-exploitation-type', 'people')).toEqual({ sexual_exploitation: 1 });
    expect(column('screened-by-nationality', 'people')).toEqual({ HT: 1, VE: 2, unknown: 1, total: 4 });
  });

  test('by gender and age band, with the sums of each row and column', () => {
    const byGender = rows('screened-by-gender-and-age');
    const { columns } = table('screened-by-gender-and-age');
    const cellOf = (gender: string, band: string) => byGender[gender][columns.indexOf(band)];
    expect(cellOf('woman', '24-26')).toBe(1);
    expect(cellOf('man', '9-17')).toBe(1);
    expect(cellOf('man', '30-38')).toBe(1);
    expect(cellOf('unknown', 'unknown')).toBe(1);
    expect(cellOf('man', 'all')).toBe(2);
    expect(cellOf('total', 'all')).toBe(4);
  });
});

describe('referrals sent in the period', () => {
  test('by kind: sent, taken, declined, withdrawn, lapsed, open; times to answer and lateness', () => {
    const placement = Object.fromEntries(table('referrals-by-kind').columns.map((name, index) => [name, rows('referrals-by-kind').placement[index]]));
    expect(placement).toEqual({
      sent: 4,
      accepted: 2,
      declined: 1,
      withdrawn: 0,
      lapsed: 1,
      open: 0,
      answered: 3,
      // Answered after 2, 4 and 12 hours, each within its 24-hour deadline.
      'answered-late': 0,
      'median-hours-to-answer': 4,
      'p90-hours-to-answer': 12,
      'share-answered-late': 0,
    });
    expect(column('referrals-by-kind', 'answered-late')['asylum-referral']).toBe(1);
    expect(column('referrals-by-kind', 'share-answered-late')['asylum-referral']).toBe(1);
    expect(column('referrals-by-kind', 'withdrawn')['asylum-referral']).toBe(1);
    // Only referrals to receiving organisations: the consent review is the coalition's own step.
    expect(column('referrals-by-kind', 'sent')).toEqual({ placement: 4, 'asylum-referral': 2, guardianship: 1, 'liaison-referral': 2, total: 9 });
  });

  test('by receiving organisation', () => {
    expect(column('referrals-by-organisation', 'sent')).toEqual({ asylum: 2, 'child-protection': 1, liaison: 2, 'shelter-1': 3, 'shelter-2': 1, total: 9 });
    expect(column('referrals-by-organisation', 'declined')['shelter-2']).toBe(1);
  });
});

describe('time to protection, counted when it happens', () => {
  test('placement, asylum answer, guardian: hours from the screening to the first time each was reached', () => {
    expect(rows('time-to-protection')).toEqual({ placement: [1, 6, 6], 'asylum-answer': [1, 50, 50], 'guardian-appointed': [1, 30, 30] });
  });

  test('a placement made in December counts in December though the person was screened in November', () => {
    expect(rows('time-to-protection', DEC).placement).toEqual([1, 12, 12]);
  });
});

describe('law enforcement', () => {
  test('referrals made with consent, and consents given later (within the reflection period or not)', () => {
    expect(column('law-enforcement', 'count')).toEqual({ 'referrals-with-consent': 2, 'consents-given-later': 2, 'consents-given-in-reflection-period': 1 });
  });
});

describe('tips', () => {
  test('by triage, and what they led to: inspections, forced labour found, cases, people screened', () => {
    const byTriage = rows('tips-by-triage');
    expect(table('tips-by-triage').columns).toEqual(['tips', 'inspected', 'forced-labour-found', 'leading-to-cases', 'people-screened']);
    expect(byTriage).toEqual({
      urgent: [1, 1, 1, 1, 2],
      priority: [0, 0, 0, 0, 0],
      routine: [2, 1, 0, 0, 0],
      insufficient: [0, 0, 0, 0, 0],
      untriaged: [1, 0, 0, 0, 0],
      total: [4, 2, 1, 1, 2],
    });
  });
});

describe('the definitions', () => {
  test('each is defined once, with a shape whose columns its table has', () => {
    const ids = indicatorDefinitions.map((definition) => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const definition of indicatorDefinitions) {
      const computed = definition.compute(facts, NOV);
      expect(computed.id).toBe(definition.id);
      for (const name of definition.shape.counts) expect(computed.columns).toContain(name);
      // Published, every figure of this small month is suppressed or withheld.
      for (const row of publishable(computed, definition.shape).rows) for (const value of row.values) expect(value === '<11' || value === null).toBe(true);
    }
  });

  test('disaggregation keeps gender, nationality (in capitals) and exploitation types, nothing else', () => {
    expect(disaggregationOf({ gender: 'woman', nationality: 'co', exploitationTypes: ['forced_labour'], givenName: 'Ana', age: 19 })).toEqual({ gender: 'woman', nationality: 'CO', exploitationTypes: ['forced_labour'] });
    expect(disaggregationOf({})).toEqual({ gender: undefined, nationality: undefined });
  });

  test('p90 by nearest rank', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([], 90)).toBeNull();
  });
});
