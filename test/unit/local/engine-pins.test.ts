// Pins where aws-local-stepfunctions differs from AWS Step Functions, and that the local host's
// preparation of a definition makes it behave as AWS does. If the library changes, these say so.
import { StateMachine } from 'aws-local-stepfunctions';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  LONGEST_TIMER_SECONDS,
  TIMEOUT_FIELD,
  prepareDefinition,
  type AslDefinition,
} from '../../../infra/local/step-functions/prepare-definition.ts';

const callback = (extra: Record<string, unknown> = {}): AslDefinition => ({
  StartAt: 'AwaitAnswer',
  States: {
    AwaitAnswer: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: '${Answer}', Payload: { 'token.$': '$$.Task.Token' } },
      End: true,
      ...extra,
    },
  },
});

const never = () => new Promise<never>(() => {});
const DAY_MS = 24 * 3600 * 1000;

async function outcome(result: Promise<unknown>) {
  return result.then(
    (value) => ({ value }),
    (error) => ({ error: (error.cause ?? error).name as string }),
  );
}

describe('aws-local-stepfunctions, as shipped', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('times a Task without TimeoutSeconds out after 60 s (AWS never does)', async () => {
    const machine = new StateMachine(callback() as any, { validationOptions: { noValidate: true } });
    const run = outcome(machine.run({}, { overrides: { taskResourceLocalHandlers: { AwaitAnswer: never } }, context: { Task: { Token: 't' } } }).result);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(await run).toEqual({ error: 'States.Timeout' });
  });

  test('arms a plain setTimeout, so a timeout above 2^31 ms fires at once', async () => {
    const machine = new StateMachine(callback({ TimeoutSeconds: LONGEST_TIMER_SECONDS + 1 }) as any, {
      validationOptions: { noValidate: true },
    });
    const run = outcome(machine.run({}, { overrides: { taskResourceLocalHandlers: { AwaitAnswer: never } }, context: { Task: { Token: 't' } } }).result);
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    await vi.advanceTimersByTimeAsync(10);
    expect(await run).toEqual({ error: 'States.Timeout' });
  });

  test('gives the context object no Task.Token', async () => {
    const machine = new StateMachine(callback() as any, { validationOptions: { noValidate: true } });
    const run = outcome(machine.run({}, { overrides: { taskResourceLocalHandlers: { AwaitAnswer: async () => 'answered' } } }).result);
    expect(await run).toEqual({ error: 'States.Runtime' });
  });
});

describe('a definition prepared by the local host', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const prepared = (definition: AslDefinition) => prepareDefinition(definition, new Set(['Answer'])).definition;

  test('lets a Task without TimeoutSeconds wait ten days, as on AWS', async () => {
    const machine = new StateMachine(prepared(callback()) as any, { validationOptions: { noValidate: true } });
    let answer!: (value: unknown) => void;
    const handler = (input: any) => {
      // What the engine does: fill the timeout synchronously, before the library reads it.
      input[TIMEOUT_FIELD] = LONGEST_TIMER_SECONDS;
      return new Promise<any>((resolve) => (answer = resolve));
    };
    const run = outcome(
      machine.run({}, { overrides: { taskResourceLocalHandlers: { AwaitAnswer: handler } }, context: { Task: { Token: 't' } } }).result,
    );
    await vi.advanceTimersByTimeAsync(10 * DAY_MS);
    answer({ accepted: true });
    expect(await run).toEqual({ value: { accepted: true } });
  });

  test('still times out at a declared TimeoutSeconds, read from what the engine fills in', async () => {
    const machine = new StateMachine(prepared(callback({ TimeoutSeconds: 30 })) as any, { validationOptions: { noValidate: true } });
    const handler = (input: any) => {
      input[TIMEOUT_FIELD] = 30;
      return never();
    };
    const run = outcome(
      machine.run({}, { overrides: { taskResourceLocalHandlers: { AwaitAnswer: handler } }, context: { Task: { Token: 't' } } }).result,
    );
    await vi.advanceTimersByTimeAsync(29_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await run).toEqual({ error: 'States.Timeout' });
  });

  test('turns a Wait into a task the engine journals, keeping its paths', () => {
    const { definition, tasks } = prepareDefinition(
      { StartAt: 'Reflect', States: { Reflect: { Type: 'Wait', SecondsPath: '$.policy.reflectionSeconds', OutputPath: '$.case', End: true } } },
      new Set(),
    );
    expect(tasks.get('Reflect')).toEqual({ kind: 'wait', stateName: 'Reflect' });
    expect(definition.States.Reflect).toMatchObject({
      Type: 'Task',
      Parameters: { 'seconds.$': '$.policy.reflectionSeconds', 'input.$': '$' },
      OutputPath: '$.case',
      End: true,
    });
  });

  test('refuses what the local host cannot run the way AWS does', () => {
    expect(() => prepareDefinition(callback({ HeartbeatSeconds: 60 }), new Set(['Answer']))).toThrow(/HeartbeatSeconds/);
    expect(() => prepareDefinition(callback(), new Set())).toThrow(/bound \$\{Placeholder\}/);
    expect(() => prepareDefinition({ ...callback(), QueryLanguage: 'JSONata' }, new Set(['Answer']))).toThrow(/JSONata/);
  });
});
