// What the bench reads from the engine's journal: the states an execution entered (Standard
// workflows bill each), and when each task's handler itself ran, apart from the engine's own
// journal writes around it.
import { expect, test } from 'vitest';
import { LocalStepFunctions, type LambdaHandler } from '../../../infra/local/step-functions/engine.ts';
import { prepareDefinition, type AslDefinition } from '../../../infra/local/step-functions/prepare-definition.ts';
import { memoryJournal } from '../../helpers/memory-journal.ts';
import { eventually } from '../../helpers/local-host.ts';

const arn = 'arn:aws:states:local:0:stateMachine:m';
const definition: AslDefinition = {
  StartAt: 'Begin',
  States: {
    Begin: { Type: 'Pass', Next: 'Assess' },
    Assess: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${Assess}', Payload: {} },
      Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 1 }],
      Next: 'Route',
    },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.StatusCode', NumericEquals: 200, Next: 'Ask' }], Default: 'Done' },
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: '${Ask}', Payload: { 'token.$': '$$.Task.Token' } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a closed execution carries the states it entered, a retry counted again; each task its handler’s own start and return, apart from the journal writes around it', async () => {
  const journal = memoryJournal();
  // The journal write that enters a callback task takes 60 ms, and the one that notes its return
  // comes after it: none of either is the handler's time.
  let entered = 0;
  let returnNoted = 0;
  const enterTask = journal.enterTask.bind(journal);
  journal.enterTask = async (executionArn, task) => {
    await sleep(60);
    await enterTask(executionArn, task);
    entered = Date.now();
  };
  const markHandlerReturned = journal.markHandlerReturned.bind(journal);
  journal.markHandlerReturned = async (executionArn, key, ran) => {
    returnNoted = Date.now();
    return markHandlerReturned(executionArn, key, ran);
  };
  let token = '';
  let assessed = 0;
  const engine = new LocalStepFunctions({
    journal,
    region: 'local',
    machines: [
      {
        name: 'm',
        arn,
        definition: JSON.stringify(definition),
        prepared: prepareDefinition(definition, new Set(['Assess', 'Ask'])),
        handlers: new Map<string, LambdaHandler>([
          [
            'Assess',
            async () => {
              await sleep(20);
              // The first attempt fails and the ASL retries it.
              if (assessed++ === 0) throw Object.assign(new Error('busy'), { name: 'Busy' });
            },
          ],
          ['Ask', async (event: any) => void ((token = event.token), await sleep(20))],
        ]),
      },
    ],
  });
  try {
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
    await eventually(async () => (token ? true : undefined), 5000, 'the callback to be opened');
    const asked = await eventually(async () => [...(await journal.tasksOf(executionArn)).values()].find((task) => task.stateName === 'Ask' && task.handlerReturned), 5000, 'the callback handler to return');
    await engine.sendTaskSuccess({ taskToken: token, output: '{}' });
    await eventually(async () => ((await journal.getExecution(executionArn))?.status === 'SUCCEEDED' ? true : undefined), 5000, 'the execution to end');

    // Begin, Assess, Assess again (the retry), Route, Ask, Done.
    expect((await journal.getExecution(executionArn))!.statesEntered).toBe(6);
    expect(asked.handlerStartedAt!).toBeGreaterThanOrEqual(entered);
    expect(asked.handlerStartedAt! - asked.enteredAt).toBeGreaterThanOrEqual(60);
    expect(asked.handlerReturnedAt! - asked.handlerStartedAt!).toBeGreaterThanOrEqual(19);
    expect(asked.handlerReturnedAt!).toBeLessThanOrEqual(returnNoted);
    const attempts = [...(await journal.tasksOf(executionArn)).values()].filter((task) => task.stateName === 'Assess');
    expect(attempts.map((task) => task.status).sort()).toEqual(['FAILED', 'SUCCEEDED']);
    for (const attempt of attempts) expect(attempt.handlerReturnedAt! - attempt.handlerStartedAt!).toBeGreaterThanOrEqual(19);
  } finally {
    engine.shutdown();
  }
});
