// Events and what a hook hears of them: which step stands for which event, what each role's hook
// is told (written out here apart from the code), and the retry schedule of the policy.
import { describe, expect, test } from 'vitest';
import { eventNotice, type Viewer } from '../../../functions/domain/access.ts';
import { webhookPolicy } from '../../../functions/domain/policy.ts';
import type { RecordParts, Task } from '../../../functions/domain/records.ts';
import { afterAttempt, eventsOfStep, retryable, retryDelaySeconds } from '../../../functions/domain/webhooks.ts';

describe('events of steps', () => {
  test.each([
    ['case', { event: 'submitted' }, [{ type: 'case.created' }]],
    ['tip', { event: 'submitted' }, [{ type: 'tip.created' }]],
    ['case', { event: 'task-opened', summary: { taskId: 'c-1.a' } }, [{ type: 'task.opened', taskId: 'c-1.a' }]],
    ['case', { event: 'decision', summary: { taskId: 'c-1.a', outcome: 'accepted' } }, [{ type: 'task.decided', taskId: 'c-1.a' }]],
    ['tip', { event: 'overdue', summary: { taskId: 't-1.a' } }, [{ type: 'task.overdue', taskId: 't-1.a' }]],
    ['case', { event: 'withdrawn', summary: { taskId: 'c-1.a' } }, [{ type: 'task.withdrawn', taskId: 'c-1.a' }]],
    ['case', { event: 'erased' }, [{ type: 'case.erased' }]],
    ['case', { event: 'corrected' }, [{ type: 'case.assessed' }]],
    ['case', { event: 'succeeded', state: 'AssessRisk', announces: 'case.assessed' }, [{ type: 'case.assessed' }]],
    ['case', { event: 'succeeded', state: 'MatchShelter' }, []],
    ['case', { event: 'entered', state: 'AssessRisk' }, []],
    ['case', { event: 'read' }, []],
    ['case', { event: 'consent' }, []],
  ] as const)('%s step %j → %j', (kind, step, events) => {
    expect(eventsOfStep(kind, step as never)).toEqual(events);
  });
});

describe('what a hook hears', () => {
  const task = (taskId: string, assigneeOrg: string, assigneeRole: Task['assigneeRole']): Task => ({
    taskId,
    parentId: 'c-1',
    parentKind: 'case',
    kind: 'placement',
    status: 'open',
    assigneeOrg,
    assigneeRole,
    createdAt: '2026-11-29T10:00:00Z',
    dueAt: '2026-11-29T14:00:00Z',
    decision: { reason: 'MARKER-DECISION' },
    decidedBy: { userId: 'MARKER-USER', role: 'shelter', organisationId: 'org-s1' },
  });
  const parts: Pick<RecordParts, 'record' | 'linkedOrganisations' | 'tasks'> = {
    record: {
      id: 'c-1',
      kind: 'case',
      stage: 'referral',
      createdAt: '2026-11-29T09:00:00Z',
      updatedAt: '2026-11-29T10:00:00Z',
      createdByOrg: 'org-screen',
      consent: { dataSharing: 'no', lawEnforcement: 'no', changes: [{ at: 'x', by: 'MARKER-USER', role: 'screener', organisationId: 'org-screen' }] },
      assessment: { riskLevel: 'high', determination: 'likely', flags: ['adult'] },
      age: 'MARKER-AGE',
      overdueByKind: {},
    },
    linkedOrganisations: ['org-screen', 'org-s1', 'org-liaison'],
    tasks: [task('c-1.s1', 'org-s1', 'shelter'), task('c-1.s2', 'org-s2', 'shelter'), task('c-1.le', 'org-liaison', 'liaison')],
  };
  const viewer = (role: Viewer['role'], organisationId: string): Viewer => ({ role, organisationId });
  const created = { recordKind: 'case' as const, recordId: 'c-1' };
  const about = (taskId: string) => ({ ...created, taskId });

  test('the coordination hears of every case and task, with the board row it sees', () => {
    expect(eventNotice(viewer('coordinator', 'org-coord'), created, parts)).toEqual({ caseId: 'c-1', stage: 'referral', createdAt: '2026-11-29T09:00:00Z', updatedAt: '2026-11-29T10:00:00Z', overdueTasks: 0, riskLevel: 'high', determination: 'likely', flags: ['adult'], outcome: undefined });
    expect(eventNotice(viewer('coordinator', 'org-coord'), about('c-1.s2'), parts)).toMatchObject({ caseId: 'c-1', taskId: 'c-1.s2', kind: 'placement', status: 'open', assigneeOrg: 'org-s2' });
  });

  test("a shelter hears of the cases it works on and of its own tasks only, with the risk level and nothing of the person", () => {
    const shelter = viewer('shelter', 'org-s1');
    expect(eventNotice(shelter, created, parts)).toEqual({ caseId: 'c-1', stage: 'referral', createdAt: '2026-11-29T09:00:00Z', updatedAt: '2026-11-29T10:00:00Z', overdueTasks: 0, riskLevel: 'high' });
    expect(eventNotice(shelter, about('c-1.s1'), parts)).toMatchObject({ taskId: 'c-1.s1', case: { riskLevel: 'high' } });
    expect(eventNotice(shelter, about('c-1.s2'), parts)).toBeUndefined();
    // Another shelter, without a link to the case: it never hears of it.
    expect(eventNotice(viewer('shelter', 'org-s2'), created, parts)).toBeUndefined();
    // …but of its own task, even once it stepped back (ids and the task's own words only).
    expect(eventNotice(viewer('shelter', 'org-s2'), about('c-1.s2'), parts)).toMatchObject({ caseId: 'c-1', taskId: 'c-1.s2', case: undefined });
  });

  test('law enforcement without consent hears of its referral by id only, never of the case', () => {
    const liaison = viewer('liaison', 'org-liaison');
    expect(eventNotice(liaison, created, parts)).toBeUndefined();
    expect(eventNotice(liaison, about('c-1.le'), parts)).toMatchObject({ caseId: 'c-1', taskId: 'c-1.le', case: undefined });
  });

  test('the administrator hears of no case; a task unknown to the record is heard by no one', () => {
    expect(eventNotice(viewer('admin', 'org-coord'), created, parts)).toBeUndefined();
    expect(eventNotice(viewer('admin', 'org-coord'), about('c-1.s1'), parts)).toBeUndefined();
    expect(eventNotice(viewer('coordinator', 'org-coord'), about('c-1.nosuch'), parts)).toBeUndefined();
  });

  test('no notice carries a decision, an age, a consent history or who decided', () => {
    for (const role of ['coordinator', 'shelter', 'liaison', 'screener', 'asylum'] as const) {
      for (const event of [created, about('c-1.s1'), about('c-1.le')]) {
        const notice = JSON.stringify(eventNotice(viewer(role, role === 'shelter' ? 'org-s1' : role === 'liaison' ? 'org-liaison' : 'org-screen'), event, parts) ?? {});
        expect(notice).not.toMatch(/MARKER/);
      }
    }
  });
});

describe('retries', () => {
  test('timeouts, 5xx and 429 are retried; other 4xx are not', () => {
    expect([undefined, 429, 500, 502, 503, 504].map((status) => retryable({ status }))).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 404, 410, 422].map((status) => retryable({ status }))).toEqual([false, false, false, false, false]);
  });

  test('the backoff grows by the policy and keeps retrying for at least a day, then the dead letters', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelaySeconds)).toEqual([5, 30, 180, 1080, 6480, 21600, 21600]);
    const first = '2026-11-29T00:00:00.000Z';
    let now = first;
    let failed = 0;
    for (;;) {
      const next = afterAttempt({ status: 503 }, failed, first, now);
      if (next.status === 'dead') break;
      expect(next.status).toBe('pending');
      now = next.nextAt!;
      failed++;
    }
    const tried = (Date.parse(now) - Date.parse(first)) / 1000;
    expect(tried).toBeGreaterThanOrEqual(webhookPolicy.retryForSeconds);
    expect(failed).toBeGreaterThan(6);
    expect(afterAttempt({ status: 200 }, 3, first, now).status).toBe('delivered');
    expect(afterAttempt({ status: 404 }, 0, first, first).status).toBe('dead');
  });
});
