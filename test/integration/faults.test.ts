// Faults: DynamoDB unavailable to the handlers for a moment, and the host killed mid-workflow:
// while every case waits on a person, and inside running handlers.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, ListStateMachinesCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, test } from 'vitest';
import { apiClient, likelyLabourTrafficking, newKey, screening } from '../helpers/api.ts';
import { faultProxy } from '../helpers/fault-proxy.ts';
import { awsClients, eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

const hosts: TestHost[] = [];
// Each test's hosts stop with it: a later test is not slowed by Java processes it does not use.
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
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

  test('the host killed with SIGKILL while every case waits on a person: every execution resumes, every step done once', async () => {
    let host = await startTestHost();
    hosts.push(host);
    let api = apiClient(host);
    const cases: string[] = [];
    for (const extra of [{ shelterNeeded: 'yes' }, { ...likelyLabourTrafficking, shelterNeeded: 'yes' }, { ageEstimate: 15, separationStatus: 'unaccompanied', fearOfReturn: 'yes', consentLawEnforcement: 'later' }]) {
      cases.push((await api.call('screener', 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() })).body.caseId);
    }
    const openTasks = async () => (await Promise.all(['shelter2', 'shelter3', 'asylum', 'childprotection', 'liaison'].map(async (user) => (await api.call(user, 'GET', '/tasks')).body.items.map((task: any) => ({ ...task, user }))))).flat().filter((task: any) => cases.includes(task.caseId));
    const views = () => Promise.all(cases.map(async (caseId) => (await api.call('coordinator', 'GET', `/cases/${caseId}`)).body));
    // Every case waits on at least one person, and no handler is running (each step entered has its outcome).
    await eventually(async () => {
      const tasks = await openTasks();
      const settled = (await views()).every((view) => unsettledSteps(view.steps).length === 0);
      return settled && cases.every((caseId) => tasks.some((task: any) => task.caseId === caseId)) ? true : undefined;
    }, 30_000, 'every case to wait on a person, with no handler running');

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
      const closed = await views();
      return closed.every((view) => view.stage === 'closed' && view.steps.some((step: any) => step.event === 'status')) ? closed : undefined;
    }, 60_000, 'every case to close');
    for (const view of await views()) {
      // None lost: every step entered has its outcome. None doubled: no state succeeds twice.
      expect(unsettledSteps(view.steps), view.caseId).toEqual([]);
      const succeeded = view.steps.filter((step: any) => step.event === 'succeeded').map((step: any) => step.state);
      expect(new Set(succeeded).size, `${view.caseId}: ${succeeded.join(', ')}`).toBe(succeeded.length);
      expect(succeeded).toEqual(expect.arrayContaining(['AssessRisk', 'RecordOutcome']));
      expect(view.steps.filter((step: any) => step.event === 'failed')).toEqual([]);
      expect(view.steps.filter((step: any) => step.event === 'status').map((step: any) => step.summary.status)).toEqual(['SUCCEEDED']);
    }
  }, 180_000);
});

/** Steps a handler entered (state and attempt) without an outcome recorded for them. */
function unsettledSteps(steps: any[]): string[] {
  const outcomes = new Set(steps.filter((step) => step.event === 'succeeded' || step.event === 'failed').map((step) => `${step.state}#${step.attempt}`));
  return [...new Set(steps.filter((step) => step.event === 'entered').map((step) => `${step.state}#${step.attempt}`))].filter((key) => !outcomes.has(key));
}

describe('the host killed with SIGKILL inside running handlers', () => {
  // Each execution holds at the step its input names: inside a Lambda handler (Hold, Tally in a
  // Parallel branch, Close after an answer), inside a callback's handler before it stored its
  // token (AwaitAnswer), or nowhere (idle on a callback).
  const plan: Record<string, string> = { 'at-hold': 'Hold', 'at-callback': 'AwaitAnswer', 'at-tally': 'Tally', 'at-close': 'Close', idle: 'none' };
  const steps = ['Admit', 'Hold', 'AwaitAnswer', 'Tally', 'Close'];

  test('every execution resumes; every step succeeds exactly once; only the handlers cut short run again', async () => {
    const gate = mkdtempSync(join(tmpdir(), 'puente-gate-'));
    const options = { system: 'test/fixtures/sample/gated-system.ts', env: { PUENTE_TEST_GATE_DIR: gate } };
    let host = await startTestHost(options);
    hosts.push(host);
    let { sfn, documents } = awsClients(host);
    const stateMachineArn = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines![0].stateMachineArn!;
    const arns: Record<string, string> = {};
    for (const [name, holdAt] of Object.entries(plan)) {
      arns[name] = (await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ holdAt }) }))).executionArn!;
    }
    const inside = (name: string, state: string) => {
      const file = join(gate, `inside-${name}-${state}`);
      return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;
    };
    const journaled = async (name: string, state: string) => {
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: 'puente-local-stepfunctions',
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
          ExpressionAttributeValues: { ':pk': `EXECUTION#${arns[name]}`, ':task': `TASK#${state}#` },
        }),
      );
      return Items[0];
    };
    const done = async (name: string, state: string) => (await journaled(name, state))?.status === 'SUCCEEDED';
    const opened = async (name: string) => (await journaled(name, 'AwaitAnswer'))?.handlerReturned === true;
    const tokenOf = async (name: string) =>
      (await documents.send(new GetCommand({ TableName: 'puente', Key: { pk: `SAMPLE#${arns[name]}`, sk: 'OPEN' } }))).Item?.token as string | undefined;
    const answered = new Set<string>();
    const answerOpen = async (names: string[]) => {
      for (const name of names) {
        const token = await tokenOf(name);
        if (!token || answered.has(token)) continue;
        await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ answeredFor: name }) }));
        answered.add(token);
      }
    };

    // Kill only when each is where the plan says, and every step before or beside it is journaled
    // (so which handlers may run again is known exactly).
    await eventually(async () => {
      await answerOpen(['at-close']);
      const ready = [
        inside('at-hold', 'Hold') > 0,
        inside('at-callback', 'AwaitAnswer') > 0 && (await done('at-callback', 'Tally')),
        inside('at-tally', 'Tally') > 0 && (await opened('at-tally')),
        inside('at-close', 'Close') > 0,
        (await opened('idle')) && (await done('idle', 'Tally')),
      ];
      return ready.every(Boolean) ? true : undefined;
    }, 60_000, 'every execution at its place');

    await host.kill();
    host = await startTestHost({ ...options, dataDir: host.dataDir });
    hosts.push(host);
    ({ sfn, documents } = awsClients(host));
    expect(host.output()).toMatch(/Resumed executions:\s+5/);
    writeFileSync(join(gate, 'open'), '');

    const outputs = await eventually(async () => {
      await answerOpen(Object.keys(plan));
      const described = await Promise.all(Object.values(arns).map((executionArn) => sfn.send(new DescribeExecutionCommand({ executionArn }))));
      return described.every((execution) => execution.status === 'SUCCEEDED') ? described.map((execution) => JSON.parse(execution.output!)) : undefined;
    }, 60_000, 'every execution to succeed');
    expect(outputs).toEqual(Object.keys(plan).map((name) => ({ closed: true, answer: { answeredFor: name } })));

    for (const [name, holdAt] of Object.entries(plan)) {
      // Handler calls: the one killed inside ran again (as Lambda redelivers); none that finished did.
      const { Items: calls = [] } = await documents.send(
        new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calls)', ExpressionAttributeValues: { ':pk': `SAMPLE#${arns[name]}`, ':calls': 'CALLS#' } }),
      );
      const callsPerStep = Object.fromEntries(calls.map((item) => [item.sk.slice('CALLS#'.length), item.calls]));
      expect(callsPerStep, name).toEqual(Object.fromEntries(steps.map((step) => [step, step === holdAt ? 2 : 1])));
      if (holdAt !== 'none') expect(inside(name, holdAt), name).toBe(2);
      // The timeline: every step succeeded exactly once, none failed, none missing.
      const { Items: timeline = [] } = await documents.send(
        new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :step)', ExpressionAttributeValues: { ':pk': `CASE#${name}`, ':step': 'STEP#' } }),
      );
      const succeeded = timeline.filter((step) => step.event === 'succeeded').map((step) => step.state).sort();
      expect(succeeded, name).toEqual([...steps].sort());
      expect(timeline.filter((step) => step.event === 'failed'), name).toEqual([]);
    }
  }, 240_000);
});
