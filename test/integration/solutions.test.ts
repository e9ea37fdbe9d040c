// Durable solutions through the HTTP API (issue 16 items 4 and 5): voluntary return refused with
// NON_REFOULEMENT_HOLD while an asylum referral is open and accepted after the asylum decision, the
// hold checked again by the workflow before the return step; a child's return impossible without an
// approved best-interests assessment (sent back once, then approved), possible after it, the
// child's steps opened in order, and the reintegration follow-ups at 3 and 6 months (shortened here).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';
import { timeline, workflowSteps } from '../helpers/workflow-steps.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let steps: ReturnType<typeof workflowSteps>;

beforeAll(async () => {
  // The follow-ups' waits shortened (as the reflection period is elsewhere): 1 and 2 seconds after the handover.
  host = await startTestHost({ env: { PUENTE_POLICY: JSON.stringify({ reintegrationFollowUpSeconds: { threeMonths: 1, sixMonths: 2 } }) } });
  api = apiClient(host);
  steps = workflowSteps(api);
});
afterAll(async () => host?.stop());

const unique = () => Date.now().toString(36);
const consent = (language = 'es') => ({ informed: true, voluntary: true, language });
const solutions = (user: string, caseId: string, body: unknown) => api.call(user, 'POST', `/cases/${caseId}/solutions`, body);

describe('voluntary return and the non-refoulement hold', () => {
  test('refused with NON_REFOULEMENT_HOLD while the asylum referral is open; accepted after the asylum decision; the workflow checks again before the return', async () => {
    // Fears return: an asylum referral. Needs a shelter: the placement keeps the case open.
    const caseId = await steps.submit(screening({ givenName: 'Retorno', familyName: `Asilo${unique()}`, fearOfReturn: 'yes', shelterNeeded: 'yes' }));
    const referral = await steps.inboxTask('asylum', caseId, 'asylum-referral');

    const held = await solutions('screener', caseId, { kind: 'voluntary-return', consent: consent() });
    expect([held.status, held.body.error?.code]).toEqual([409, 'NON_REFOULEMENT_HOLD']);
    expect((await steps.read('case', caseId)).solution).toBeUndefined(); // a refusal changes nothing
    // Consent is required, with a language code the app knows.
    expect((await solutions('screener', caseId, { kind: 'voluntary-return' })).status).toBe(400);
    expect(Object.keys((await solutions('screener', caseId, { kind: 'voluntary-return', consent: consent('zz-notalanguage') })).body.error.fields)).toEqual(['consent.language']);
    expect((await solutions('screener', caseId, { kind: 'voluntary-return', consent: { ...consent(), voluntary: false } })).status).toBe(400);
    expect((await solutions('shelter1', caseId, { kind: 'voluntary-return', consent: consent() })).status).toBe(403);

    // Only registered: the claim is not decided, the hold stays.
    // (The asylum authority's decision: rejected.)
    await steps.decide('asylum', referral.taskId, { outcome: 'rejected', claimReference: 'X-1' });
    const started = await solutions('screener', caseId, { kind: 'voluntary-return', consent: consent('ht') });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.solution).toMatchObject({ kind: 'voluntary-return', status: 'running', consent: { informed: true, voluntary: true, explainedIn: 'ht' } });
    const twice = await solutions('screener', caseId, { kind: 'local-integration', consent: consent() });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'SOLUTION_RUNNING']);

    const travel = await steps.inboxTask('coordinator', caseId, 'return-travel');
    await steps.decide('coordinator', travel.taskId, { outcome: 'returned' });
    const reached = await steps.until('case', caseId, (view) => view.solution?.status === 'reached', 'the solution reached');
    const lines = timeline(reached);
    // The hold was checked again, and cleared, before the return step opened.
    const checked = lines.indexOf('succeeded CheckHoldBeforeReturn');
    expect(checked).toBeGreaterThan(-1);
    expect(lines.findIndex((line) => line === 'entered ArrangeReturnTravel')).toBeGreaterThan(checked);
    expect(reached.steps.find((step: any) => step.event === 'succeeded' && step.state === 'CheckHoldBeforeReturn').summary).toMatchObject({ clear: true, reasons: [] });
    expect(reached.steps.find((step: any) => step.event === 'solution-started').summary).toEqual({ solution: 'voluntary-return', explainedIn: 'ht' });
  });

  test('a person who fears return: other solutions are not held', async () => {
    const caseId = await steps.submit(screening({ givenName: 'Integra', familyName: `Local${unique()}`, fearOfReturn: 'yes', shelterNeeded: 'yes' }));
    await steps.inboxTask('asylum', caseId, 'asylum-referral');
    const started = await solutions('screener', caseId, { kind: 'local-integration', consent: consent() });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const arrangement = await steps.inboxTask('coordinator', caseId, 'solution-arrangement');
    await steps.decide('coordinator', arrangement.taskId, { outcome: 'reached' });
    await steps.until('case', caseId, (view) => view.solution?.status === 'reached', 'local integration reached');
  });
});

describe('a child’s return', () => {
  test('impossible without an approved best-interests assessment; possible after it; the child’s steps in order, follow-ups at 3 and 6 months', async () => {
    const caseId = await steps.submit(screening({ givenName: 'Niña', familyName: `Retorno${unique()}`, ageEstimate: 15, gender: 'woman', separationStatus: 'unaccompanied' }));
    await steps.until('case', caseId, (view) => view.assessment?.flags?.includes('child'), 'assessed as a child');

    const refused = await solutions('screener', caseId, { kind: 'voluntary-return', consent: consent() });
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'BEST_INTERESTS_NOT_APPROVED']);

    // The assessment: child protection finds, the coordinator sends it back once, then approves.
    expect((await api.call('screener', 'POST', `/cases/${caseId}/best-interests`, {})).status).toBe(201);
    expect((await api.call('screener', 'POST', `/cases/${caseId}/best-interests`, {})).body.error.code).toBe('BEST_INTERESTS_RUNNING');
    const findings = { childHeard: 'yes', recommendation: 'voluntary-return', findings: 'Wants to go home to her grandmother' };
    const assessed = await steps.inboxTask('childprotection', caseId, 'best-interests');
    await steps.decide('childprotection', assessed.taskId, findings);
    const firstApproval = await steps.inboxTask('coordinator', caseId, 'best-interests-approval');
    await steps.decide('coordinator', firstApproval.taskId, { outcome: 'rejected', comment: 'Hear the child again, with an interpreter' });
    const again = await eventually(
      async () => (await steps.allItems('childprotection', '/tasks?limit=100')).find((task) => task.caseId === caseId && task.kind === 'best-interests' && task.taskId !== assessed.taskId),
      45_000,
      'the assessment back with child protection',
    );
    expect((await steps.read('case', caseId)).bestInterests).toMatchObject({ status: 'assessing', sentBack: 1 });
    expect((await solutions('screener', caseId, { kind: 'voluntary-return', consent: consent() })).body.error.code).toBe('BEST_INTERESTS_NOT_APPROVED');
    await steps.decide('childprotection', again.taskId, findings);
    const secondApproval = await eventually(
      async () => (await api.call('coordinator', 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === 'best-interests-approval'),
      45_000,
      'the second approval',
    );
    await steps.decide('coordinator', secondApproval.taskId, { outcome: 'approved', comment: 'Heard with an interpreter; agreed' });
    await steps.until('case', caseId, (view) => view.bestInterests?.status === 'approved', 'the assessment approved');

    const started = await solutions('screener', caseId, { kind: 'voluntary-return', consent: consent('quc') });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    for (const [kind, decision] of [
      ['guardian-view', { outcome: 'agrees', view: 'The guardian agrees' }],
      ['family-tracing', { outcome: 'found' }],
      ['receiving-family-assessment', { outcome: 'suitable' }],
      ['child-handover', { outcome: 'handed-over', receivingAuthority: 'Procuraduría de la Niñez' }],
    ] as const) {
      const task = await steps.inboxTask('childprotection', caseId, kind);
      await steps.decide('childprotection', task.taskId, decision);
    }
    // The follow-ups come after the waits, both to child protection.
    const followUps = await eventually(async () => {
      const open = (await steps.allItems('childprotection', '/tasks?limit=100')).filter((task) => task.caseId === caseId && task.kind === 'reintegration-follow-up');
      return open.length === 2 ? open : undefined;
    }, 45_000, 'both follow-ups');
    for (const task of followUps) await steps.decide('childprotection', task.taskId, { outcome: 'reintegrating' });
    const reached = await steps.until('case', caseId, (view) => view.solution?.status === 'reached', 'the child’s solution reached');

    // In order: the guardian heard, the family traced and assessed, the hold checked, the handover, then the follow-ups.
    const opened = reached.steps.filter((step: any) => step.event === 'task-opened').map((step: any) => step.summary.kind);
    const order = ['guardian-view', 'family-tracing', 'receiving-family-assessment', 'child-handover', 'reintegration-follow-up'];
    expect(opened.filter((kind: string) => order.includes(kind))).toEqual([...order, 'reintegration-follow-up']);
    const lines = timeline(reached);
    const checked = lines.indexOf('succeeded CheckHoldBeforeHandover');
    expect(checked).toBeGreaterThan(lines.lastIndexOf('decision receiving-family-assessment suitable'));
    expect(checked).toBeLessThan(lines.indexOf('entered HandOverChild'));
  });
});
