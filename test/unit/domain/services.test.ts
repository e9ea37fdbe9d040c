// The domain services that decide intake, decisions and consent changes: given the request and
// the current record, what to write and what to tell the workflow. Pure, so tested without a host.
import { describe, expect, test } from 'vitest';
import { forms } from '../../../forms/registry.ts';
import { chooseAssignee, NoOrganisation } from '../../../functions/domain/assignment.ts';
import { planConsentChange, referralsEndedBy } from '../../../functions/domain/consent.ts';
import { outcomeOf, planDecision } from '../../../functions/domain/decision.ts';
import { planIntake } from '../../../functions/domain/intake.ts';
import type { Organisation } from '../../../functions/domain/organisations.ts';
import { caseOutcome, milestonesAfter, orphanedBy } from '../../../functions/domain/outcome.ts';
import type { Actor, RecordSummary, Task } from '../../../functions/domain/records.ts';
import { Refusal } from '../../../functions/domain/refusal.ts';
import { screening } from '../../helpers/api.ts';

const now = '2026-11-29T10:00:00.000Z';
const screener: Actor = { userId: 'u-1', role: 'screener', organisationId: 'org-screening' };
const shelter: Actor = { userId: 'u-2', role: 'shelter', organisationId: 'org-shelter' };
const record: RecordSummary = { id: 'c-abc', kind: 'case', stage: 'referral', createdAt: now, updatedAt: now, createdByOrg: 'org-screening', consent: { lawEnforcement: 'later', dataSharing: 'yes', changes: [] }, consentVersion: 2 };
const task = (overrides: Partial<Task> = {}): Task => ({
  taskId: 'c-abc.0123456789ab',
  parentId: 'c-abc',
  parentKind: 'case',
  kind: 'placement',
  status: 'open',
  assigneeOrg: 'org-shelter',
  assigneeRole: 'shelter',
  createdAt: now,
  dueAt: now,
  ...overrides,
});
const refusalOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return { status: error.status, code: error.code, fields: error.fields };
    throw error;
  }
  return undefined;
};

describe('intake', () => {
  const binding = { kind: 'case', formId: 'screening-interview', workflow: 'case' } as const;
  const request = (body = screening(), idempotencyKey: string | undefined = 'k-1') => ({
    binding,
    body: body as any,
    form: forms.get(body.formId, body.formVersion),
    publishedVersions: [1],
    caller: screener,
    idempotencyKey,
    id: 'c-new',
    now,
  });

  test('a valid interview becomes a record at intake with its consent, a submission, a step, a claim and the case workflow — the workflow gets ids only', () => {
    const plan = planIntake(request());
    expect(plan.record).toMatchObject({ id: 'c-new', kind: 'case', stage: 'intake', createdByOrg: 'org-screening', consent: { dataSharing: 'yes', lawEnforcement: 'yes', changes: [] }, consentVersion: 0 });
    expect(plan.submission.answers.givenName).toBe('Test');
    expect(plan.step).toMatchObject({ event: 'submitted', actor: screener });
    expect(plan.start.workflow).toBe('case');
    expect(Object.keys(plan.start.input).sort()).toEqual(['caseId', 'policy']);
    expect(JSON.stringify(plan.start.input)).not.toContain('Test');
    // The claim is per submitter: the same key from another user is another claim.
    expect(planIntake({ ...request(), caller: { ...screener, userId: 'u-9' } }).claim.key).not.toBe(plan.claim.key);
  });

  test.each([
    ['no Idempotency-Key', () => planIntake(request(screening(), '')), 'IDEMPOTENCY_KEY_REQUIRED'],
    ['another form on this route', () => planIntake(request({ ...screening(), formId: 'labour-tip' })), 'INVALID_REQUEST'],
    ['an unpublished version', () => planIntake({ ...request({ ...screening(), formVersion: 9 }), form: undefined }), 'INVALID_REQUEST'],
    ['answers that break the form', () => planIntake(request(screening({ gender: 'martian' }))), 'INVALID_SUBMISSION'],
  ])('refuses %s', (_name, run, code) => {
    expect(refusalOf(run)?.code).toBe(code);
  });
});

describe('decisions', () => {
  const decide = (subject: Task, body: Record<string, unknown>, caller = shelter, idempotencyKey?: string) =>
    planDecision({ task: subject, record, form: forms.get(`decision-${subject.kind}`)!, body, language: 'en', caller, idempotencyKey, now });

  test('an accepted placement takes a bed and tells the workflow the outcome word only', () => {
    const plan = decide(task(), { outcome: 'accepted' });
    if (plan.replay) throw new Error('not a replay');
    expect(plan.takeBedAt).toBe('org-shelter');
    expect(plan.resume).toEqual({ type: 'success', output: { taskId: 'c-abc.0123456789ab', outcome: 'accepted' } });
    expect(plan.unlinkOrganisation).toBeUndefined();
  });

  test('a declined placement fails the task with PlacementDeclined (never the reason) and the shelter steps back', () => {
    const plan = decide(task(), { outcome: 'declined', reason: 'MARKER reason' });
    if (plan.replay) throw new Error('not a replay');
    expect(plan.resume).toEqual({ type: 'failure', error: 'PlacementDeclined', cause: 'declined by the shelter' });
    expect(JSON.stringify(plan.resume)).not.toContain('MARKER');
    expect(plan.unlinkOrganisation).toBe('org-shelter');
    expect(plan.takeBedAt).toBeUndefined();
  });

  test('a guardian decision tells the workflow a word, never the guardian’s name', () => {
    const plan = decide(task({ kind: 'guardianship', assigneeRole: 'child-protection', assigneeOrg: 'org-child' }), { guardianAppointed: 'yes', guardianName: 'MARKER Name', bestInterestsAssessmentOpened: 'yes' }, { userId: 'u-3', role: 'child-protection', organisationId: 'org-child' });
    if (plan.replay) throw new Error('not a replay');
    expect(plan.outcome).toBe('guardian:yes');
    expect(JSON.stringify([plan.resume, plan.step])).not.toContain('MARKER');
  });

  test('a consent review changes consent in the same plan, and starting coordination follows a yes', () => {
    const plan = decide(task({ kind: 'consent-review', assigneeRole: 'screener', assigneeOrg: 'org-screening' }), { lawEnforcement: 'yes' }, screener);
    if (plan.replay) throw new Error('not a replay');
    expect(plan.consent?.consent.lawEnforcement).toBe('yes');
    expect(plan.consent?.expectedVersion).toBe(2);
    expect(plan.consent?.startLiaison).toBe('c-abc-liaison-3');
  });

  test('the same decider sending the same decision again gets a replay; anything else on a closed task is refused', () => {
    const first = decide(task(), { outcome: 'accepted' });
    if (first.replay) throw new Error('not a replay');
    const decided = task({ status: 'decided', decidedBy: shelter, decisionHash: first.decisionHash });
    expect(decide(decided, { outcome: 'accepted' })).toMatchObject({ replay: true });
    expect(refusalOf(() => decide(decided, { outcome: 'declined', reason: 'x' }))?.code).toBe('TASK_CLOSED');
    expect(refusalOf(() => decide(decided, { outcome: 'accepted' }, { ...shelter, userId: 'u-other' }))?.code).toBe('TASK_CLOSED');
    expect(refusalOf(() => decide(decided, { outcome: 'accepted' }, shelter, 'another-key'))?.code).toBe('TASK_CLOSED');
  });

  test('refusals: another organisation, a withdrawn referral, an invalid decision', () => {
    expect(refusalOf(() => decide(task({ assigneeOrg: 'org-x' }), { outcome: 'accepted' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refusalOf(() => decide(task({ status: 'withdrawn', withdrawnReason: 'consent-withdrawn' }), { outcome: 'accepted' }))).toMatchObject({ status: 409, code: 'CONSENT_WITHDRAWN' });
    expect(refusalOf(() => decide(task(), { outcome: 'maybe' }))).toMatchObject({ status: 400, code: 'INVALID_DECISION', fields: { outcome: expect.any(String) } });
  });

  test.each([
    ['placement', { outcome: 'accepted' }, 'accepted'],
    ['guardianship', { guardianAppointed: 'no' }, 'guardian:no'],
    ['consent-review', { lawEnforcement: 'later' }, 'later'],
    ['escalation', { resolution: 'other' }, 'other'],
    ['determination-review', { determination: 'possible' }, 'possible'],
    ['inspection', { forcedLabourFound: 'yes' }, 'forced-labour-found'],
    ['more-information', { information: 'x' }, 'answered'],
  ])('the outcome word of a %s decision', (kind, answers, word) => {
    expect(outcomeOf(kind, answers)).toBe(word);
  });
});

describe('consent', () => {
  test('a withdrawal of consent to law enforcement ends the open liaison referrals, and only those', () => {
    const given = { ...record, consent: { lawEnforcement: 'yes', dataSharing: 'yes', changes: [] } };
    const plan = planConsentChange(given, { lawEnforcement: 'no' }, screener, now);
    expect(plan.withdrawsLawEnforcement).toBe(true);
    expect(plan.consent.changes).toHaveLength(1);
    const tasks = [task({ kind: 'liaison-referral', taskId: 'a' }), task({ kind: 'liaison-referral', taskId: 'b', status: 'decided' }), task({ kind: 'placement', taskId: 'c' })];
    expect(referralsEndedBy(plan, tasks).map((ended) => ended.taskId)).toEqual(['a']);
    expect(referralsEndedBy(planConsentChange(given, { dataSharing: 'no' }, screener, now), tasks)).toEqual([]);
  });
});

describe('assignment, outcome and orphaned steps', () => {
  const organisation = (id: string, type: Organisation['type'], country: string, distanceRank: number): Organisation => ({ id, name: id, type, country, distanceRank, updatedAt: now, version: 1 });
  const parts = { record, steps: [{ event: 'submitted', actor: screener }] };

  test('the nearest organisation of the type in the country where the person was screened, not the first by name', () => {
    const candidates = [organisation('a-asylum-far', 'asylum', 'GT', 50), organisation('b-asylum-abroad', 'asylum', 'MX', 1), organisation('c-asylum-near', 'asylum', 'GT', 5)];
    expect(chooseAssignee({ assigneeType: 'asylum' }, parts, candidates, 'GT')).toEqual({ assigneeOrg: 'c-asylum-near', assigneeRole: 'asylum' });
    expect(chooseAssignee({ assigneeType: 'submitter' }, parts, candidates, 'GT')).toEqual({ assigneeOrg: 'org-screening', assigneeRole: 'screener' });
    expect(() => chooseAssignee({ assigneeType: 'liaison' }, parts, candidates, 'GT')).toThrow(NoOrganisation);
  });

  test('outcome words and first-reached milestones', () => {
    const outcome = caseOutcome([{ placement: 'accepted', shelterId: 'x' }, { asylum: 'registered' }, { guardianship: 'not-needed' }]);
    expect(outcome).toEqual({ placement: 'accepted', shelterId: 'x', asylum: 'registered', guardianship: 'not-needed' });
    expect(milestonesAfter(outcome, { placedAt: 'earlier' }, now)).toEqual({ placedAt: 'earlier', asylumReferredAt: now });
  });

  test('a failed branch withdraws its own open steps in its execution, nothing else', () => {
    const tasks = [task({ taskId: 'p', executionId: 'e1' }), task({ taskId: 'a', kind: 'asylum-referral', executionId: 'e1' }), task({ taskId: 'p2', executionId: 'e2' })];
    expect(orphanedBy('placement', 'e1', tasks).map((t) => t.taskId)).toEqual(['p']);
    expect(orphanedBy('case', 'e1', tasks).map((t) => t.taskId)).toEqual(['p', 'a']);
  });
});
