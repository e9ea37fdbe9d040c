// The embedded host, driven from outside as `npm start` runs it: HTTP basics, the local
// Step Functions endpoint through @aws-sdk/client-sfn, an execution surviving a SIGKILL, and the
// step-recording middleware against its DynamoDB Local.
import { DynamoDBClient, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { awsClients as clients, eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

async function openTask(documents: DynamoDBDocumentClient, executionArn: string) {
  return eventually(async () => {
    const { Item } = await documents.send(new GetCommand({ TableName: 'puente', Key: { pk: `SAMPLE#${executionArn}`, sk: 'OPEN' } }));
    return Item;
  }, 20_000, 'the callback task to be stored');
}

async function callsPerStep(documents: DynamoDBDocumentClient, executionArn: string) {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: 'puente',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calls)',
      ExpressionAttributeValues: { ':pk': `SAMPLE#${executionArn}`, ':calls': 'CALLS#' },
    }),
  );
  return Object.fromEntries(Items.map((item) => [item.sk.slice('CALLS#'.length), item.calls]));
}

const status = async (sfn: SFNClient, executionArn: string) =>
  (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;

describe('the local host', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ system: 'test/fixtures/sample/system.ts' });
  });
  afterAll(async () => host?.stop());

  test('answers /health with its endpoints, and DynamoDB Local holds the table', async () => {
    const response = await fetch(`${host.url}/health`);
    expect(response.status).toBe(200);
    const health = await response.json();
    expect(health.dynamodb.endpoint).toBe(host.dynamodbEndpoint);
    expect(health.stepFunctions.endpoint).toBe(host.stepFunctionsEndpoint);
    const ddb = new DynamoDBClient({ endpoint: health.dynamodb.endpoint, region: 'us-east-1', credentials });
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'puente' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['board', 'due', 'inbox', 'recent']);
  });

  test('answers an unknown route with 404 JSON and a bad sign-in body with 400 JSON', async () => {
    const missing = await fetch(`${host.url}/no/such/route`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('NOT_FOUND');
    const badJson = await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: '{"username":' });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.code).toBe('INVALID_JSON');
    const unknownUser = await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: '{"username":"mallory"}' });
    expect(unknownUser.status).toBe(400);
    expect((await unknownUser.json()).error.message).toContain('mallory');
  });

  test('signs in a demo user with Cognito-shaped claims', async () => {
    const response = await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: JSON.stringify({ username: 'shelter2' }) });
    const { token } = await response.json();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims['cognito:groups']).toEqual(['shelter']);
    expect(claims['custom:org']).toBe('org-shelter-men');
    expect(claims.sub).toMatch(/^[0-9a-f]{32}$/);
  });

  test('runs a workflow through client-sfn: start → waiting on a callback → SendTaskSuccess → succeeded', async () => {
    const { sfn, documents } = clients(host);
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    const stateMachineArn = stateMachines!.find((machine) => machine.name === 'puente-sample')!.stateMachineArn!;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));

    const open = await openTask(documents, executionArn!);
    expect(open.execution).toBe(executionArn);
    expect(open.state).toBe('AwaitApproval');
    expect(open.token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('RUNNING');
    expect(Date.parse(open.started)).toBe(described.startDate!.getTime());

    await sfn.send(new SendTaskSuccessCommand({ taskToken: open.token, output: JSON.stringify({ approvedBy: 'tester' }) }));
    await eventually(async () => ((await status(sfn, executionArn!)) === 'SUCCEEDED' ? true : undefined), 20_000, 'SUCCEEDED');
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(done.output!)).toEqual({ finished: true, approval: { approvedBy: 'tester' } });
    expect(await callsPerStep(documents, executionArn!)).toEqual({ Prepare: 1, Flaky: 2, AwaitApproval: 1, Note: 1, Finish: 1 });

    // A second answer to the same token changes nothing: TaskTimedOut, as on AWS.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: open.token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'forged', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }));
    expect(listed.executions!.map((execution) => execution.executionArn)).toContain(executionArn);
  });

  test('a task failing transiently is retried by the ASL Retry, and the timeline shows both attempts', async () => {
    const { sfn, documents } = clients(host);
    const stateMachineArn = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines![0].stateMachineArn!;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'retried-1', input: '{}' }));
    await openTask(documents, executionArn!);
    const { Items = [] } = await documents.send(
      new QueryCommand({ TableName: 'puente', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :step)', ExpressionAttributeValues: { ':pk': 'CASE#retried-1', ':step': 'STEP#' } }),
    );
    Items.sort((a, b) => a.at.localeCompare(b.at));
    expect(Items.map((step) => [step.event, step.state, step.attempt, step.error ?? null])).toEqual([
      ['entered', 'Flaky', 1, null],
      ['failed', 'Flaky', 1, 'TransientFault'],
      ['entered', 'Flaky', 2, null],
      ['succeeded', 'Flaky', 2, null],
    ]);
    expect(Items.every((step) => step.executionId === executionArn)).toBe(true);
  });

  test('a task handler delivered twice under one request id records its outcome once; a new request id is a new outcome', async () => {
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: host.dynamodbEndpoint, TABLE_NAME: 'puente', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    const { workflowTask } = await import('../../functions/middleware/steps.ts');
    const { loadRecord } = await import('../../functions/store/records.ts');
    const { documents } = clients(host);
    await documents.send(new PutCommand({ TableName: 'puente', Item: { pk: 'CASE#c-redelivered', sk: 'RECORD', caseId: 'c-redelivered' } }));
    const note = workflowTask(async () => ({ noted: true }), (result) => result);
    const event = { kind: 'case' as const, recordId: 'c-redelivered', execution: 'arn:aws:states:local:0:execution:m:e', state: 'Note', attempt: 0 };
    await note(event, { awsRequestId: 'request-1' } as any);
    await note(event, { awsRequestId: 'request-1' } as any);
    await note({ ...event, attempt: 1 }, { awsRequestId: 'request-2' } as any);
    const { steps } = (await loadRecord('case', 'c-redelivered', { personal: false }))!;
    expect(steps.map((step) => `${step.event}#${step.attempt}`)).toEqual(['entered#1', 'succeeded#1', 'entered#1', 'entered#2', 'succeeded#2']);
  });

  test('a SendTaskFailure fails the execution with that error', async () => {
    const { sfn, documents } = clients(host);
    const stateMachineArn = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines![0].stateMachineArn!;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'declined-1', input: '{}' }));
    const open = await openTask(documents, executionArn!);
    await sfn.send(new SendTaskFailureCommand({ taskToken: open.token, error: 'Declined', cause: 'no bed' }));
    await eventually(async () => ((await status(sfn, executionArn!)) === 'FAILED' ? true : undefined), 20_000, 'FAILED');
    const failed = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(failed.error).toBe('Declined');
    expect(failed.cause).toBe('no bed');
    // The same name again is a clash once the first has closed.
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'declined-1', input: '{}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });
});

describe('an execution waiting inside a Parallel branch', () => {
  test('survives a SIGKILL of the host and completes after SendTaskSuccess, no handler run twice', async () => {
    let host = await startTestHost({ system: 'test/fixtures/sample/system.ts' });
    try {
      let { sfn, documents } = clients(host);
      const stateMachineArn = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines![0].stateMachineArn!;
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
      const open = await openTask(documents, executionArn!);
      // The other branch's task has finished and been journaled, and the callback's handler has
      // returned (journaled too); only then is the kill "while waiting". (A task killed mid-run is
      // run again on resume, at least once, as Lambda does: the faults test covers that.)
      const journaled = async (state: string, done: (item: Record<string, any>) => boolean) => {
        const { Items = [] } = await documents.send(
          new QueryCommand({
            TableName: 'puente-local-stepfunctions',
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
            ExpressionAttributeValues: { ':pk': `EXECUTION#${executionArn}`, ':task': `TASK#${state}#` },
          }),
        );
        return Items.some(done);
      };
      await eventually(async () => ((await journaled('Note', (item) => item.status === 'SUCCEEDED')) ? true : undefined), 20_000, 'Note to be journaled');
      await eventually(async () => ((await journaled('AwaitApproval', (item) => item.handlerReturned === true)) ? true : undefined), 20_000, 'the callback handler to have returned');

      await host.kill();
      host = await startTestHost({ system: 'test/fixtures/sample/system.ts', dataDir: host.dataDir });
      expect(host.output()).toMatch(/Resumed executions:\s+1/);
      ({ sfn, documents } = clients(host));
      expect(await status(sfn, executionArn!)).toBe('RUNNING');

      await sfn.send(new SendTaskSuccessCommand({ taskToken: open.token, output: JSON.stringify({ approvedBy: 'after restart' }) }));
      await eventually(async () => ((await status(sfn, executionArn!)) === 'SUCCEEDED' ? true : undefined), 20_000, 'SUCCEEDED');
      const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(JSON.parse(done.output!).approval).toEqual({ approvedBy: 'after restart' });
      expect(await callsPerStep(documents, executionArn!)).toEqual({ Prepare: 1, Flaky: 2, AwaitApproval: 1, Note: 1, Finish: 1 });
    } finally {
      await host.stop();
    }
  });
});
