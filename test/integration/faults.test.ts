// Faults: DynamoDB unavailable to the handlers for a moment, and the host killed mid-workflow.
import { afterAll, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { faultProxy } from '../helpers/fault-proxy.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

const hosts: TestHost[] = [];
afterAll(async () => {
  for (const host of hosts) await host.stop();
});

describe('faults', () => {
  test('DynamoDB unavailable during a workflow task: the ASL Retry recovers, and the timeline shows the later attempt', async () => {
    const proxy = await faultProxy();
    const host = await startTestHost({
      env: { PUENTE_HANDLERS_DYNAMODB_ENDPOINT: proxy.endpoint, PUENTE_POLICY: JSON.stringify({ reflectionPeriodSeconds: 3 }) },
      onDynamoDb: (endpoint) => proxy.target(endpoint),
    });
    hosts.push(host);
    const api = apiClient(host);
    const { caseId } = (await api.call('screener', 'POST', '/screenings', screening({ ...likelyLabourTrafficking, consentLawEnforcement: 'no' }), { 'idempotency-key': newKey() })).body;
    // Wait until the case is in its reflection period, then take DynamoDB away from the handlers
    // over the moment CheckConsent runs (3 s after the wait began).
    await eventually(async () => ((await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.stage === 'referral' ? true : undefined));
    proxy.down();
    await new Promise((resolve) => setTimeout(resolve, 4500));
    proxy.up();
    const review = await eventually(
      async () => (await api.call('screener', 'GET', '/tasks')).body.items.find((task: any) => task.caseId === caseId && task.kind === 'consent-review'),
      30_000,
      'the consent review after recovery',
    );
    expect(review).toBeDefined();
    const steps = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body.steps.filter((step: any) => step.state === 'CheckConsent');
    const succeeded = steps.filter((step: any) => step.event === 'succeeded');
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0].attempt).toBeGreaterThan(1);
    await proxy.close();
  });

  test('the host killed with SIGKILL mid-workflow: every execution resumes, no step lost or doubled', async () => {
    let host = await startTestHost();
    hosts.push(host);
    let api = apiClient(host);
    const cases: string[] = [];
    for (const extra of [{ shelterNeeded: 'yes' }, { ...likelyLabourTrafficking, shelterNeeded: 'yes' }, { ageEstimate: 15, separationStatus: 'unaccompanied', fearOfReturn: 'yes', consentLawEnforcement: 'later' }]) {
      cases.push((await api.call('screener', 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() })).body.caseId);
    }
    const openTasks = async () => (await Promise.all(['shelter2', 'shelter3', 'asylum', 'childprotection', 'liaison'].map(async (user) => (await api.call(user, 'GET', '/tasks')).body.items.map((task: any) => ({ ...task, user }))))).flat().filter((task: any) => cases.includes(task.caseId));
    // Every case waits on at least one person.
    await eventually(async () => {
      const tasks = await openTasks();
      return cases.every((caseId) => tasks.some((task: any) => task.caseId === caseId)) ? true : undefined;
    }, 30_000, 'every case to wait on a person');
    await new Promise((resolve) => setTimeout(resolve, 500));

    await host.kill();
    host = await startTestHost({ dataDir: host.dataDir });
    hosts.push(host);
    api = apiClient(host);
    expect(host.output()).toMatch(/Resumed executions:\s+3/);
    // Answer everything open (a decline would move on, so every placement is accepted) until each case closes.
    const decisions: Record<string, unknown> = {
      placement: { outcome: 'accepted' },
      'asylum-referral': { outcome: 'registered' },
      guardianship: { guardianAppointed: 'yes', bestInterestsAssessmentOpened: 'yes' },
      'liaison-referral': { outcome: 'acknowledged' },
    };
    await eventually(async () => {
      for (const task of await openTasks()) await api.call(task.user, 'POST', `/tasks/${task.taskId}/decision`, decisions[task.kind]);
      const views = await Promise.all(cases.map(async (caseId) => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body));
      return views.every((view) => view.stage === 'closed' && view.steps.some((step: any) => step.event === 'status')) ? views : undefined;
    }, 60_000, 'every case to close');
    for (const caseId of cases) {
      const view = (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body;
      const done = view.steps.filter((step: any) => step.event === 'succeeded').map((step: any) => `${step.state}#${step.attempt}`);
      expect(new Set(done).size, `${caseId}: ${done.join(', ')}`).toBe(done.length);
      expect(done).toEqual(expect.arrayContaining(['AssessRisk#1', 'RecordOutcome#1']));
      expect(view.steps.filter((step: any) => step.event === 'status').map((step: any) => step.summary.status)).toEqual(['SUCCEEDED']);
    }
  }, 180_000);
});
