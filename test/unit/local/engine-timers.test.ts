// The engine across timers longer than the library can hold, with an in-memory journal and fake
// time: a callback capped at 30 days is still waiting on day 26, and completes when answered.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { LocalStepFunctions, type LambdaHandler } from '../../../infra/local/step-functions/engine.ts';
import { prepareDefinition, type AslDefinition } from '../../../infra/local/step-functions/prepare-definition.ts';
import { memoryJournal } from '../../helpers/memory-journal.ts';

const THIRTY_DAYS = 30 * 24 * 3600;
const DAY_MS = 24 * 3600 * 1000;
const arn = 'arn:aws:states:local:0:stateMachine:m';

/** An engine running one callback task capped at 30 days, bound to `open`. */
function engineWith(open: LambdaHandler): LocalStepFunctions {
  const definition: AslDefinition = {
    StartAt: 'AwaitInspection',
    States: {
      AwaitInspection: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: '${Open}', Payload: { 'token.$': '$$.Task.Token' } },
        TimeoutSeconds: THIRTY_DAYS,
        End: true,
      },
    },
  };
  return new LocalStepFunctions({
    journal: memoryJournal(),
    region: 'local',
    machines: [{ name: 'm', arn, definition: JSON.stringify(definition), prepared: prepareDefinition(definition, new Set(['Open'])), handlers: new Map([['Open', open]]) }],
  });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test('a callback with a 30-day cap outlives the library’s 24.8-day timer, then completes when answered', async () => {
  let token = '';
  let calls = 0;
  const engine = engineWith(async (event) => {
    calls++;
    token = event.token;
    return {};
  });
  const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
  await vi.advanceTimersByTimeAsync(1000);
  expect(token).not.toBe('');
  await vi.advanceTimersByTimeAsync(26 * DAY_MS);
  expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');
  expect(calls).toBe(1); // the replay answered the handler from the journal
  await engine.sendTaskSuccess({ taskToken: token, output: '{"done":true}' });
  await vi.advanceTimersByTimeAsync(1000);
  const done = await engine.describeExecution(executionArn);
  expect(done.status).toBe('SUCCEEDED');
  expect(JSON.parse(done.output!)).toEqual({ done: true });
  engine.shutdown();
});

test('…and still times out at its 30 days when nobody answers', async () => {
  const engine = engineWith(async () => ({}));
  const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
  await vi.advanceTimersByTimeAsync(29 * DAY_MS);
  expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');
  await vi.advanceTimersByTimeAsync(2 * DAY_MS);
  const done = await engine.describeExecution(executionArn);
  expect(done.status).toBe('FAILED');
  expect(done.error).toBe('States.Timeout');
  engine.shutdown();
});
