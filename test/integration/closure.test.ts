// Closing and reopening a case through the HTTP API (issue 16 items 4 and 6): closing needs a
// coordinator's approval, a rejection sends it back with a comment the requester reads, racing
// approvals have one outcome, a closed case is reopened with a reason, and the indicators count both.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';
import { timeline, workflowSteps } from '../helpers/workflow-steps.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let steps: ReturnType<typeof workflowSteps>;

beforeAll(async () => {
  host = await startTestHost();
  api = apiClient(host);
  steps = workflowSteps(api);
});
afterAll(async () => host?.stop());

/** The coordinator's view once `check` holds (the case workflow itself may still be waiting on the shelter). */
const caseOnce = (caseId: string, check: (view: any) => boolean, what: string) =>
  eventually(async () => {
    const read = await steps.read('case', caseId);
    return check(read) ? read : undefined;
  }, 45_000, what);

// A person who needs a shelter: the placement waits on the shelter, so the case stays open.
const person = (name: string) => screening({ givenName: name, familyName: `Cierre${Date.now().toString(36)}`, shelterNeeded: 'yes' });

describe('closing a case', () => {
  test('needs a coordinator’s approval; sent back with a comment the screener reads; approved, it closes; racing approvals have one outcome; then reopened with a reason, and counted', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const caseId = await steps.submit(person('Closa'));
    await caseOnce(caseId, (view) => view.assessment !== undefined, 'assessed');

    // Who may ask, and what is refused.
    expect((await api.call('shelter1', 'POST', `/cases/${caseId}/closure`, { reason: 'lost-contact' })).status).toBe(403);
    expect((await api.call('screener', 'POST', `/cases/${caseId}/closure`, { reason: 'because' })).status).toBe(400);
    expect((await api.call('screener', 'POST', `/cases/${caseId}/reopening`, { reason: 'new-protection-need' })).body.error.code).toBe('CASE_NOT_CLOSED');
    const asked = await api.call('screener', 'POST', `/cases/${caseId}/closure`, { reason: 'lost-contact' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const again = await api.call('screener', 'POST', `/cases/${caseId}/closure`, { reason: 'lost-contact' });
    expect([again.status, again.body.error.code]).toEqual([409, 'CLOSURE_PENDING']);

    // Sent back: the case stays open and the screener reads why.
    const first = await steps.inboxTask('coordinator', caseId, 'closure-approval');
    expect((await api.call('coordinator', 'POST', `/tasks/${first.taskId}/decision`, { outcome: 'rejected' })).status).toBe(400); // a comment is required
    await steps.decide('coordinator', first.taskId, { outcome: 'rejected', comment: 'The placement is still open' });
    const sentBack = await caseOnce(caseId, (view) => view.closure?.status === 'rejected', 'the closure sent back');
    expect(sentBack.stage).not.toBe('closed');
    const seen = (await steps.read('case', caseId, 'screener')).tasks.find((task: any) => task.taskId === first.taskId);
    expect(seen.decision).toMatchObject({ outcome: 'rejected', comment: 'The placement is still open' });

    // Asked again; two approvals race: one wins, the other is refused, and the case closes once.
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/closure`, { reason: 'no-further-assistance-needed' })).status).toBe(201);
    const second = await eventually(async () => (await api.call('coordinator', 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === 'closure-approval' && task.taskId !== first.taskId), 45_000, 'the second approval');
    const raced = await Promise.all([
      api.call('coordinator', 'POST', `/tasks/${second.taskId}/decision`, { outcome: 'approved', comment: 'Agreed' }),
      api.call('coordinator', 'POST', `/tasks/${second.taskId}/decision`, { outcome: 'rejected', comment: 'Not yet' }),
    ]);
    expect(raced.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const won = raced.find((answer) => answer.status === 200)!;
    const approved = won === raced[0];
    const closed = await caseOnce(caseId, (view) => view.closure?.status === (approved ? 'approved' : 'rejected'), 'the closure settled');
    expect(closed.tasks.filter((task: any) => task.kind === 'closure-approval' && task.status === 'decided')).toHaveLength(2);
    if (!approved) {
      // The rejection won the race: ask once more and approve.
      expect((await api.call('coordinator', 'POST', `/cases/${caseId}/closure`, { reason: 'no-further-assistance-needed' })).status).toBe(201);
      const third = await eventually(async () => (await api.call('coordinator', 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === 'closure-approval'), 45_000, 'the third approval');
      await steps.decide('coordinator', third.taskId, { outcome: 'approved', comment: 'Agreed' });
    }
    // Closed by the approval: the CloseCase step (which announces case.closed) is on the timeline.
    await caseOnce(caseId, (view) => view.stage === 'closed' && view.closure?.status === 'approved' && timeline(view).includes('succeeded CloseCase'), 'closed');
    expect((await api.call('screener', 'POST', `/cases/${caseId}/closure`, { reason: 'lost-contact' })).body.error.code).toBe('CASE_CLOSED');

    // Reopened with a reason: open again; a second reopening finds it open.
    expect((await api.call('screener', 'POST', `/cases/${caseId}/reopening`, {})).status).toBe(400);
    const reopened = await api.call('screener', 'POST', `/cases/${caseId}/reopening`, { reason: 'new-protection-need' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    const open = await steps.read('case', caseId);
    expect(open.stage).toBe('reopened');
    expect(open.reopenings).toEqual([expect.objectContaining({ reason: 'new-protection-need' })]);
    expect(open.steps.find((step: any) => step.event === 'reopened').summary).toEqual({ reason: 'new-protection-need' });
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/reopening`, { reason: 'other' })).body.error.code).toBe('CASE_NOT_CLOSED');
    // The case workflow still waited on the shelter; its end now leaves the reopened case open.
    const placement = open.tasks.find((task: any) => task.kind === 'placement' && task.status === 'open');
    const shelterUser = { 'org-shelter-men': 'shelter2', 'org-shelter-mixed-adults': 'shelter4', 'org-shelter-women-children': 'shelter1' }[placement.assigneeOrg as string]!;
    await steps.decide(shelterUser, placement.taskId, { outcome: 'accepted' });
    const ended = await caseOnce(caseId, (view) => view.steps.some((step: any) => step.event === 'status' && step.summary?.workflow === 'case'), 'the case workflow ended');
    expect(ended.stage).toBe('reopened');
    expect(ended.outcome).toMatchObject({ placement: 'accepted' });

    // Closed again (a coordinator may ask too).
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/closure`, { reason: 'durable-solution-reached' })).status).toBe(201);
    const last = await eventually(async () => (await api.call('coordinator', 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === 'closure-approval'), 45_000, 'the last approval');
    await steps.decide('coordinator', last.taskId, { outcome: 'approved', comment: 'Solution reached' });
    await caseOnce(caseId, (view) => view.stage === 'closed', 'closed again');

    // The indicators count both, in the period.
    const to = new Date(Date.now() + 60_000).toISOString();
    const figures = await api.call('coordinator', 'GET', `/indicators?from=${from}&to=${to}`);
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    const table = figures.body.indicators.find((indicator: any) => indicator.id === 'closures-and-reopenings');
    const count = (key: string) => table.rows.find((row: any) => row.key === key).values[0];
    expect(count('closed')).toBeGreaterThanOrEqual(2);
    expect(count('reopened')).toBeGreaterThanOrEqual(1);
  });

  test('an erased case: nothing to close or reopen', async () => {
    const caseId = await steps.submit(person('Borra'));
    await caseOnce(caseId, (view) => view.assessment !== undefined, 'assessed');
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/erasure`, { reason: 'subject-request' })).status).toBe(200);
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/closure`, { reason: 'lost-contact' })).status).toBe(410);
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/reopening`, { reason: 'other' })).status).toBe(410);
  });
});
