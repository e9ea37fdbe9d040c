// The non-refoulement guard as a rule, and the lifecycle plans that apply it: a table of the facts
// a case can be in, written apart from the code.
import { describe, expect, test } from 'vitest';
import { nonRefoulementHold, type HoldFacts } from '../../../functions/domain/non-refoulement.ts';
import { planSolution } from '../../../functions/domain/solutions.ts';
import { planBestInterests } from '../../../functions/domain/approvals.ts';
import { closesAtWorkflowEnd, closureSettlement, planClosure, planReopening } from '../../../functions/domain/closure.ts';
import { dueForErasure } from '../../../functions/domain/retention.ts';
import { eventsOfStep } from '../../../functions/domain/webhooks.ts';
import type { Actor, RecordParts } from '../../../functions/domain/records.ts';

const facts = (over: Partial<HoldFacts>): HoldFacts => ({ fearOfReturn: false, asylumReferralCalledFor: false, asylumReferrals: [], ...over });
const referral = (status: 'open' | 'decided' | 'overdue' | 'withdrawn', outcome?: string) => ({ status, outcome });

describe('nonRefoulementHold', () => {
  test.each([
    ['no fear, no referral', facts({}), false],
    ['an open asylum referral', facts({ asylumReferralCalledFor: true, asylumReferrals: [referral('open')] }), true],
    ['a referral called for, not opened yet', facts({ asylumReferralCalledFor: true }), true],
    ['a referral only registered (the claim is not decided)', facts({ asylumReferralCalledFor: true, asylumReferrals: [referral('decided', 'registered')] }), true],
    ['a referral that lapsed', facts({ asylumReferralCalledFor: true, asylumReferrals: [referral('overdue')] }), true],
    ['a referral withdrawn', facts({ asylumReferralCalledFor: true, asylumReferrals: [referral('withdrawn')] }), true],
    ['fear of return and no decision', facts({ fearOfReturn: true }), true],
    ['fear of return, the claim rejected', facts({ fearOfReturn: true, asylumReferralCalledFor: true, asylumReferrals: [referral('decided', 'rejected')] }), false],
    ['refugee status recognised (a voluntary repatriation may still be chosen)', facts({ fearOfReturn: true, asylumReferralCalledFor: true, asylumReferrals: [referral('decided', 'recognised')] }), false],
    ['decided, but a second referral open', facts({ asylumReferralCalledFor: true, asylumReferrals: [referral('decided', 'rejected'), referral('open')] }), true],
  ])('%s → hold %s', (_what, given, hold) => {
    expect(nonRefoulementHold(given).hold).toBe(hold);
  });

  test('says why', () => {
    expect(nonRefoulementHold(facts({ fearOfReturn: true, asylumReferralCalledFor: true, asylumReferrals: [referral('open')] })).reasons).toEqual(['asylum-referral-open', 'fear-of-return']);
  });
});

const screener: Actor = { userId: 'u1', role: 'screener', organisationId: 'org-screening' };
const now = '2026-11-29T10:00:00.000Z';
const consent = { informed: true as const, voluntary: true as const, language: 'es' };
function parts(record: Record<string, unknown> = {}, fearOfReturn = 'no', tasks: RecordParts['tasks'] = []): RecordParts {
  return {
    record: { id: 'c-1', kind: 'case', stage: 'referral', createdAt: now, updatedAt: now, createdByOrg: 'org-screening', assessment: { flags: [], referrals: {} }, ...record },
    submission: { answers: { fearOfReturn }, formId: 'screening-interview', formVersion: 1, language: 'es', submittedAt: now },
    steps: [],
    tasks,
    linkedOrganisations: ['org-screening'],
  };
}
const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('planSolution', () => {
  test('voluntary return: refused with NON_REFOULEMENT_HOLD for a person who fears return, until the asylum decision', () => {
    expect(code(() => planSolution(parts({}, 'yes'), { kind: 'voluntary-return', consent }, screener, now))).toBe('NON_REFOULEMENT_HOLD');
    const decided = [{ taskId: 'c-1.a', parentId: 'c-1', parentKind: 'case', kind: 'asylum-referral', status: 'decided', outcome: 'rejected', assigneeOrg: 'a', assigneeRole: 'asylum', createdAt: now, dueAt: now }] as RecordParts['tasks'];
    expect(code(() => planSolution(parts({}, 'yes', decided), { kind: 'voluntary-return', consent }, screener, now))).toBe('accepted');
    // The hold is about return only.
    expect(code(() => planSolution(parts({}, 'yes'), { kind: 'local-integration', consent }, screener, now))).toBe('accepted');
  });

  test('a child: refused without an approved best-interests assessment, for every kind', () => {
    const child = { assessment: { flags: ['child'], referrals: {} } };
    expect(code(() => planSolution(parts(child), { kind: 'local-integration', consent }, screener, now))).toBe('BEST_INTERESTS_NOT_APPROVED');
    expect(code(() => planSolution(parts({ ...child, bestInterests: { status: 'assessing' } }), { kind: 'voluntary-return', consent }, screener, now))).toBe('BEST_INTERESTS_NOT_APPROVED');
    const plan = planSolution(parts({ ...child, bestInterests: { status: 'approved' } }), { kind: 'voluntary-return', consent }, screener, now);
    expect(plan.start).toEqual({ workflow: 'solution', name: 'c-1-solution-1', input: { kind: 'voluntary-return', child: true } });
    expect(plan.fields.solution).toMatchObject({ status: 'running', consent: { informed: true, voluntary: true, explainedIn: 'es' } });
  });

  test('refusals: erased, closed, a solution already running', () => {
    expect(code(() => planSolution({ ...parts(), erased: true }, { kind: 'resettlement', consent }, screener, now))).toBe('ERASED');
    expect(code(() => planSolution(parts({ stage: 'closed' }), { kind: 'resettlement', consent }, screener, now))).toBe('CASE_CLOSED');
    expect(code(() => planSolution(parts({ solution: { status: 'running' } }), { kind: 'resettlement', consent }, screener, now))).toBe('SOLUTION_RUNNING');
    expect(code(() => planSolution(parts({ solution: { status: 'held' }, solutionCount: 1 }), { kind: 'resettlement', consent }, screener, now))).toBe('accepted');
  });
});

describe('closing, reopening, best interests', () => {
  test('a closure: one request at a time, none for a closed case; approved closes it, sent back leaves it', () => {
    const plan = planClosure(parts(), screener, 'lost-contact', now);
    expect(plan).toMatchObject({ expected: { field: 'closureCount', value: 0 }, start: { workflow: 'closure', name: 'c-1-closure-1' } });
    expect(code(() => planClosure(parts({ closure: { status: 'requested' } }), screener, 'lost-contact', now))).toBe('CLOSURE_PENDING');
    expect(code(() => planClosure(parts({ stage: 'closed' }), screener, 'lost-contact', now))).toBe('CASE_CLOSED');
    const record = parts({ closure: { status: 'requested' } }).record;
    expect(closureSettlement(record, 'approved', now)).toMatchObject({ stage: 'closed', announces: 'case.closed', fields: { closedAt: now } });
    expect(closureSettlement(record, 'rejected', now)).toEqual({ stage: 'referral', fields: { closure: { status: 'rejected', settledAt: now } } });
  });

  test('a reopening: only of a closed case, written over the closed stage; retention treats it as open', () => {
    expect(code(() => planReopening(parts(), screener, 'new-protection-need', now))).toBe('CASE_NOT_CLOSED');
    const plan = planReopening(parts({ stage: 'closed', closedAt: '2025-01-01T00:00:00.000Z' }), screener, 'new-protection-need', now);
    expect(plan).toMatchObject({ stage: 'reopened', expected: { stage: 'closed' }, fields: { reopenings: [{ at: now, reason: 'new-protection-need' }] } });
    const reopened = { kind: 'case' as const, stage: plan.stage, updatedAt: now, closedAt: '2025-01-01T00:00:00.000Z' };
    expect(dueForErasure(reopened, new Date('2030-01-01'))).toEqual({ due: false, reason: 'open' });
    expect(dueForErasure({ ...reopened, stage: 'closed' }, new Date('2030-01-01')).due).toBe(true);
  });

  test('each lifecycle step is announced as its event (docs/webhooks.md)', () => {
    const announced = (step: Parameters<typeof eventsOfStep>[1]) => eventsOfStep('case', step).map((event) => event.type);
    expect(announced(planClosure(parts(), screener, 'lost-contact', now).step)).toEqual(['case.closure-requested']);
    expect(announced(planReopening(parts({ stage: 'closed' }), screener, 'other', now).step)).toEqual(['case.reopened']);
    expect(announced(planSolution(parts(), { kind: 'resettlement', consent }, screener, now).step)).toEqual(['case.solution-started']);
    expect(announced({ event: 'succeeded', announces: 'case.solution-ended' })).toEqual(['case.solution-ended']);
  });

  test('the first workflow’s end closes a case only while the lifecycle has not taken over', () => {
    expect(closesAtWorkflowEnd(parts().record)).toBe(true);
    expect(closesAtWorkflowEnd(parts({ closure: { status: 'rejected' } }).record)).toBe(true);
    expect(closesAtWorkflowEnd(parts({ stage: 'closed', closure: { status: 'approved' } }).record)).toBe(false);
    expect(closesAtWorkflowEnd(parts({ stage: 'reopened', closure: { status: 'approved' } }).record)).toBe(false);
  });

  test('a best-interests assessment is for a child, one at a time', () => {
    expect(code(() => planBestInterests(parts(), screener, now))).toBe('NOT_A_CHILD');
    const child = { assessment: { flags: ['child'] } };
    expect(code(() => planBestInterests(parts({ ...child, bestInterests: { status: 'assessing' } }), screener, now))).toBe('BEST_INTERESTS_RUNNING');
    expect(planBestInterests(parts({ ...child, bestInterests: { status: 'lapsed' }, bestInterestsCount: 1 }), screener, now).start?.name).toBe('c-1-best-interests-2');
  });
});
