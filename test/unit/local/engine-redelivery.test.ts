// At-least-once, as on Lambda: a handler that returned just before the host died runs again on
// resume, under the same request id, so its outcome is recorded once; a Retry is a new invocation.
import { expect, test } from 'vitest';
import { LocalStepFunctions, type LambdaHandler } from '../../../infra/local/step-functions/engine.ts';
import type { Journal } from '../../../infra/local/step-functions/journal.ts';
import { prepareDefinition, type AslDefinition } from '../../../infra/local/step-functions/prepare-definition.ts';
import { memoryJournal } from '../../helpers/memory-journal.ts';
import { eventually } from '../../helpers/local-host.ts';

const arn = 'arn:aws:states:local:0:stateMachine:m';
const definition: AslDefinition = {
  StartAt: 'AssessRisk',
  States: {
    AssessRisk: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${Assess}', Payload: { 'caseId.$': '$.caseId' } },
      Retry: [{ ErrorEquals: ['TransientFault'], IntervalSeconds: 0, MaxAttempts: 2 }],
      ResultSelector: { 'determination.$': '$.Payload.determination' },
      End: true,
    },
  },
};

function engineWith(journal: Journal, assess: LambdaHandler): LocalStepFunctions {
  return new LocalStepFunctions({
    journal,
    region: 'local',
    machines: [{ name: 'm', arn, definition: JSON.stringify(definition), prepared: prepareDefinition(definition, new Set(['Assess'])), handlers: new Map([['Assess', assess]]) }],
  });
}

const succeeded = async (engine: LocalStepFunctions, executionArn: string) =>
  eventually(async () => {
    const described = await engine.describeExecution(executionArn);
    return described.status === 'SUCCEEDED' ? described : undefined;
  }, 5000, 'SUCCEEDED');

test('an invocation run again after a restart carries the same request id', async () => {
  const journal = memoryJournal();
  const requestIds: string[] = [];
  // The first host dies while the handler is running: its answer never reaches the journal.
  const first = engineWith(journal, (_event, context) => {
    requestIds.push(context.awsRequestId);
    return new Promise(() => {});
  });
  const { executionArn } = await first.startExecution({ stateMachineArn: arn, input: '{"caseId":"c-1"}' });
  await eventually(async () => (requestIds.length === 1 ? true : undefined), 5000, 'the first invocation');
  first.shutdown();

  const second = engineWith(journal, async (_event, context) => {
    requestIds.push(context.awsRequestId);
    return { determination: 'likely' };
  });
  expect(await second.resumeAll()).toBe(1);
  const done = await succeeded(second, executionArn);
  expect(JSON.parse(done.output!)).toEqual({ determination: 'likely' });
  expect(requestIds).toHaveLength(2);
  expect(requestIds[1]).toBe(requestIds[0]);
  expect(requestIds[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  second.shutdown();
});

test('a Retry is a new invocation with a new request id, and another execution never shares one', async () => {
  const requestIds: string[] = [];
  const engine = engineWith(memoryJournal(), async (_event, context) => {
    requestIds.push(context.awsRequestId);
    if (requestIds.length === 1) throw Object.assign(new Error('DynamoDB was away'), { name: 'TransientFault' });
    return { determination: 'possible' };
  });
  const one = await engine.startExecution({ stateMachineArn: arn, input: '{"caseId":"c-1"}' });
  await succeeded(engine, one.executionArn);
  const two = await engine.startExecution({ stateMachineArn: arn, input: '{"caseId":"c-1"}' });
  await succeeded(engine, two.executionArn);
  expect(requestIds).toHaveLength(3);
  expect(new Set(requestIds).size).toBe(3);
  engine.shutdown();
});
