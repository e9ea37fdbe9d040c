// The case lifecycle's indicators on a hand-built timeline: closures approved and reopenings, each
// counted in the period it happened in, and cases by durable solution (started in the period, by
// kind, and where each stands now).
import { describe, expect, test } from 'vitest';
import { computeIndicators, indicatorDefinitions, type CaseFacts, type TaskFacts } from '../../../functions/domain/indicators.ts';
import { publishable } from '../../../functions/domain/small-cells.ts';

const NOV = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const DEC = { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const at = (month: number, day: number) => new Date(Date.UTC(2026, month - 1, day)).toISOString();
const approval = (decidedAt: string, outcome: string): TaskFacts => ({ kind: 'closure-approval', status: 'decided', assigneeOrg: 'org-coordination', createdAt: decidedAt, dueAt: decidedAt, decidedAt, outcome });

const cases: CaseFacts[] = [
  // Closed in November, reopened in November, closed again in December.
  { id: 'c-a', createdAt: at(10, 1), tasks: [approval(at(11, 3), 'approved'), approval(at(12, 2), 'approved')], reopenings: [{ at: at(11, 20) }] },
  // A closure sent back in November: not a closure. A return reached, started in November.
  { id: 'c-b', createdAt: at(10, 5), tasks: [approval(at(11, 4), 'rejected')], solution: { kind: 'voluntary-return', status: 'reached', startedAt: at(11, 6) } },
  // Solutions started in November, one still running, one held by the non-refoulement guard; one started in December.
  { id: 'c-c', createdAt: at(11, 1), tasks: [], solution: { kind: 'local-integration', status: 'running', startedAt: at(11, 8) } },
  { id: 'c-d', createdAt: at(11, 2), tasks: [], solution: { kind: 'voluntary-return', status: 'held', startedAt: at(11, 9) } },
  { id: 'c-e', createdAt: at(11, 2), tasks: [], solution: { kind: 'resettlement', status: 'running', startedAt: at(12, 1) }, reopenings: [{ at: at(10, 30) }] },
];
const table = (id: string, period = NOV) => computeIndicators({ cases, tips: [] }, period).find((one) => one.id === id)!;
const rows = (id: string, period = NOV) => Object.fromEntries(table(id, period).rows.map((row) => [row.key, row.values]));

describe('closures and reopenings', () => {
  test('approved closures and reopenings in the period; a closure sent back is none', () => {
    expect(rows('closures-and-reopenings')).toEqual({ closed: [1], reopened: [1] });
    expect(rows('closures-and-reopenings', DEC)).toEqual({ closed: [1], reopened: [0] });
  });
});

describe('cases by durable solution', () => {
  test('started in the period, by kind, with where each stands now; the total sums the kinds and `started` sums the statuses', () => {
    const { columns } = table('cases-by-durable-solution');
    expect(columns).toEqual(['started', 'reached', 'not-reached', 'held', 'failed', 'running']);
    expect(rows('cases-by-durable-solution')).toEqual({
      'voluntary-return': [2, 1, 0, 1, 0, 0],
      'local-integration': [1, 0, 0, 0, 0, 1],
      resettlement: [0, 0, 0, 0, 0, 0],
      'family-reunification': [0, 0, 0, 0, 0, 0],
      total: [3, 1, 0, 1, 0, 1],
    });
    expect(rows('cases-by-durable-solution', DEC).resettlement).toEqual([1, 0, 0, 0, 0, 1]);
  });

  test('small cells are suppressed when the table leaves the deployment', () => {
    const definition = indicatorDefinitions.find((one) => one.id === 'cases-by-durable-solution')!;
    const released = publishable(table('cases-by-durable-solution'), definition.shape);
    // Every count here is below 11: none leaves as it is.
    expect(new Set(released.rows.flatMap((row) => row.values))).toEqual(new Set(['<11']));
  });
});
