// The local engine is no kinder than AWS Step Functions: it emits a status event for every status
// AWS emits (RUNNING once, at start, then the one that ends the execution), shaped as EventBridge
// delivers it, and it holds executions to the 256 KiB payload limit as AWS does.
import { afterEach, describe, expect, test } from 'vitest';
import { LocalStepFunctions, type ExecutionStatusChange, type LambdaHandler } from '../../../infra/local/step-functions/engine.ts';
import { prepareDefinition, type AslDefinition } from '../../../infra/local/step-functions/prepare-definition.ts';
import type { Journal } from '../../../infra/local/step-functions/journal.ts';
import { memoryJournal } from '../../helpers/memory-journal.ts';
import { eventually } from '../../helpers/local-host.ts';

const PAYLOAD_LIMIT_BYTES = 262_144;
const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:m';
const engines: LocalStepFunctions[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.shutdown();
});

function engineFor(definition: AslDefinition, handlers: Record<string, LambdaHandler> = {}, journal: Journal = memoryJournal()) {
  const events: ExecutionStatusChange[] = [];
  const engine = new LocalStepFunctions({
    journal,
    region: 'us-east-1',
    machines: [{ name: 'm', arn, definition: JSON.stringify(definition), prepared: prepareDefinition(definition, new Set(Object.keys(handlers))), handlers: new Map(Object.entries(handlers)) }],
    onStatusChange: async (event) => void events.push(event),
  });
  engines.push(engine);
  return { engine, events, journal };
}

const ended = (engine: LocalStepFunctions, executionArn: string) =>
  eventually(async () => {
    const described = await engine.describeExecution(executionArn);
    return described.status === 'RUNNING' ? undefined : described;
  }, 10_000, 'the execution to end');

const invoke = (placeholder: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: `\${${placeholder}}`, 'Payload.$': '$' },
  ...extra,
});
const callback = (placeholder: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: `\${${placeholder}}`, Payload: { 'token.$': '$$.Task.Token' } },
  TimeoutSeconds: 3600,
  ...extra,
});
/** A string whose JSON form is exactly `bytes` long. */
const jsonOfSize = (bytes: number) => JSON.stringify('x'.repeat(bytes - 2));

describe('status events', () => {
  test('RUNNING at start, then SUCCEEDED, each with the detail EventBridge delivers', async () => {
    const { engine, events } = engineFor({ StartAt: 'Work', States: { Work: invoke('Work', { OutputPath: '$.Payload', End: true }) } }, { Work: async () => ({ done: true }) });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, name: 'e-1', input: '{"a":1}' });
    await ended(engine, executionArn);
    await eventually(async () => (events.length === 2 ? true : undefined), 5000, 'two events');
    expect(events.map((event) => event.detail.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    const [running, succeeded] = events;
    expect(running).toMatchObject({ version: '0', 'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', account: '000000000000', region: 'us-east-1', resources: [executionArn] });
    expect(running.detail).toEqual({
      executionArn,
      stateMachineArn: arn,
      name: 'e-1',
      status: 'RUNNING',
      startDate: expect.any(Number),
      stopDate: null,
      input: '{"a":1}',
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
      error: null,
      cause: null,
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    expect(succeeded.detail).toMatchObject({ status: 'SUCCEEDED', startDate: running.detail.startDate, stopDate: expect.any(Number), output: '{"done":true}', outputDetails: { included: true } });
  });

  test('FAILED and ABORTED are emitted with their error', async () => {
    const failing = engineFor({ StartAt: 'Work', States: { Work: invoke('Work', { End: true }) } }, { Work: async () => Promise.reject(Object.assign(new Error('no'), { name: 'Refused' })) });
    const { executionArn: failed } = await failing.engine.startExecution({ stateMachineArn: arn, input: '{}' });
    await ended(failing.engine, failed);
    await eventually(async () => (failing.events.length === 2 ? true : undefined), 5000, 'two events');
    expect(failing.events[1].detail).toMatchObject({ status: 'FAILED', error: 'Refused', output: null, redriveStatus: 'REDRIVABLE' });

    const waiting = engineFor({ StartAt: 'Ask', States: { Ask: callback('Ask', { End: true }) } }, { Ask: async () => ({}) });
    const { executionArn: stopped } = await waiting.engine.startExecution({ stateMachineArn: arn, input: '{}' });
    await waiting.engine.stopExecution({ executionArn: stopped, error: 'Withdrawn' });
    expect(waiting.events.map((event) => [event.detail.status, event.detail.error])).toEqual([['RUNNING', null], ['ABORTED', 'Withdrawn']]);
  });

  test('RUNNING is emitted once: not again when the same start is repeated, nor when a restart resumes the execution', async () => {
    let token = '';
    const definition = { StartAt: 'Ask', States: { Ask: callback('Ask', { End: true }) } };
    const first = engineFor(definition, { Ask: async (event: any) => void (token = event.token) });
    const { executionArn } = await first.engine.startExecution({ stateMachineArn: arn, name: 'once', input: '{}' });
    await first.engine.startExecution({ stateMachineArn: arn, name: 'once', input: '{}' });
    await eventually(async () => (token ? true : undefined), 5000, 'the task to open');
    first.engine.shutdown();

    const second = engineFor(definition, { Ask: async () => ({}) }, first.journal);
    expect(await second.engine.resumeAll()).toBe(1);
    await second.engine.sendTaskSuccess({ taskToken: token, output: '{"ok":true}' });
    await ended(second.engine, executionArn);
    await eventually(async () => (second.events.length === 1 ? true : undefined), 5000, 'the closing event');
    expect([...first.events, ...second.events].map((event) => event.detail.status)).toEqual(['RUNNING', 'SUCCEEDED']);
  });
});

describe('the 256 KiB payload limit', () => {
  const passThrough = { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } };

  test(`StartExecution takes an input of exactly ${PAYLOAD_LIMIT_BYTES} bytes and refuses one byte more, as AWS does`, async () => {
    const { engine } = engineFor(passThrough);
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: jsonOfSize(PAYLOAD_LIMIT_BYTES) });
    expect((await ended(engine, executionArn)).status).toBe('SUCCEEDED');
    await expect(engine.startExecution({ stateMachineArn: arn, input: jsonOfSize(PAYLOAD_LIMIT_BYTES + 1) })).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining("Value at 'input' failed to satisfy constraint"),
    });
  });

  test('the limit counts UTF-8 bytes, not characters', async () => {
    const { engine } = engineFor(passThrough);
    const input = JSON.stringify('é'.repeat(PAYLOAD_LIMIT_BYTES / 2));
    expect(input.length).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    await expect(engine.startExecution({ stateMachineArn: arn, input })).rejects.toMatchObject({ code: 'ValidationException' });
  });

  test('a task result over the limit fails the execution with States.DataLimitExceeded, which States.ALL does not catch', async () => {
    const calls: string[] = [];
    const { engine, events } = engineFor(
      {
        StartAt: 'Big',
        States: {
          Big: invoke('Big', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }], Next: 'After' }),
          After: invoke('After', { End: true }),
          Recover: invoke('Recover', { End: true }),
        },
      },
      {
        Big: async () => 'x'.repeat(PAYLOAD_LIMIT_BYTES),
        After: async () => void calls.push('After'),
        Recover: async () => void calls.push('Recover'),
      },
    );
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
    const done = await ended(engine, executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: expect.stringContaining("'Big'") });
    expect(calls).toEqual([]);
    await eventually(async () => (events.length === 2 ? true : undefined), 5000, 'the closing event');
    expect(events[1].detail).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  test('a state whose output is over the limit fails the execution before the next state runs', async () => {
    const calls: string[] = [];
    const { engine } = engineFor(
      {
        StartAt: 'Grow',
        States: {
          Grow: { Type: 'Pass', Result: 'x'.repeat(PAYLOAD_LIMIT_BYTES), ResultPath: '$.grown', Next: 'Shrink' },
          Shrink: invoke('Shrink', { Parameters: { FunctionName: '${Shrink}', Payload: { small: true } }, End: true }),
        },
      },
      { Shrink: async () => void calls.push('Shrink') },
    );
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
    expect(await ended(engine, executionArn)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: expect.stringContaining("'Grow'") });
    expect(calls).toEqual([]);
  });

  test('a Parallel whose branches together pass the limit fails with States.DataLimitExceeded', async () => {
    const half = { StartAt: 'Half', States: { Half: { Type: 'Pass', Result: 'x'.repeat(PAYLOAD_LIMIT_BYTES / 2), End: true } } };
    const other = { StartAt: 'OtherHalf', States: { OtherHalf: { Type: 'Pass', Result: 'x'.repeat(PAYLOAD_LIMIT_BYTES / 2), End: true } } };
    const { engine } = engineFor({
      StartAt: 'Both',
      States: { Both: { Type: 'Parallel', Branches: [half, other], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true }, Caught: { Type: 'Pass', End: true } },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
    expect(await ended(engine, executionArn)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: expect.stringContaining("'Both'") });
  });

  test('SendTaskSuccess with an output over the limit is refused, and the task stays open for a proper answer', async () => {
    let token = '';
    const { engine } = engineFor({ StartAt: 'Ask', States: { Ask: callback('Ask', { End: true }) } }, { Ask: async (event: any) => void (token = event.token) });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
    await eventually(async () => (token ? true : undefined), 5000, 'the task to open');
    await expect(engine.sendTaskSuccess({ taskToken: token, output: jsonOfSize(PAYLOAD_LIMIT_BYTES + 1) })).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringContaining("Value at 'output' failed to satisfy constraint"),
    });
    await engine.sendTaskSuccess({ taskToken: token, output: '{"accepted":true}' });
    expect(await ended(engine, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"accepted":true}' });
  });

});

describe('definitions the local host cannot run as AWS does are refused at start', () => {
  test('a machine-level TimeoutSeconds: locally it would restart with every resume', () => {
    const definition = { StartAt: 'Keep', TimeoutSeconds: 60, States: { Keep: { Type: 'Pass', End: true } } };
    expect(() => prepareDefinition(definition, new Set())).toThrow(/TimeoutSeconds/);
  });

  test('a definition that names States.DataLimitExceeded in a Catch is refused (it would catch it on AWS alone)', () => {
    const definition = { StartAt: 'Work', States: { Work: invoke('Work', { Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Done' }], Next: 'Done' }), Done: { Type: 'Pass', End: true } } };
    expect(() => prepareDefinition(definition, new Set(['Work']))).toThrow(/States\.DataLimitExceeded/);
  });
});
