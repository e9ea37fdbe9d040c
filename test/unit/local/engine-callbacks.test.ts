// A person may answer a callback task the moment its handler has stored it, before the engine has
// journaled the handler's return. A decline then (a rejection nobody awaits yet) must not end the
// host: the execution takes the failure as the ASL says.
import { expect, test } from 'vitest';
import { LocalStepFunctions } from '../../../infra/local/step-functions/engine.ts';
import { prepareDefinition, type AslDefinition } from '../../../infra/local/step-functions/prepare-definition.ts';
import { memoryJournal } from '../../helpers/memory-journal.ts';
import { eventually } from '../../helpers/local-host.ts';

const arn = 'arn:aws:states:local:0:stateMachine:m';
const definition: AslDefinition = {
  StartAt: 'RequestPlacement',
  States: {
    RequestPlacement: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: '${Open}', Payload: { 'token.$': '$$.Task.Token' } },
      TimeoutSeconds: 60,
      Catch: [{ ErrorEquals: ['PlacementDeclined'], ResultPath: '$.declined', Next: 'NextShelter' }],
      End: true,
    },
    NextShelter: { Type: 'Pass', End: true },
  },
};

test('a decline that arrives before the handler’s return is journaled is caught by the ASL, not lost', async () => {
  const journal = memoryJournal();
  // The journal write that follows the handler's return is held until the decline has been sent.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const markHandlerReturned = journal.markHandlerReturned.bind(journal);
  journal.markHandlerReturned = async (executionArn, key, ran) => {
    await held;
    return markHandlerReturned(executionArn, key, ran);
  };
  let token = '';
  const engine = new LocalStepFunctions({
    journal,
    region: 'local',
    machines: [{ name: 'm', arn, definition: JSON.stringify(definition), prepared: prepareDefinition(definition, new Set(['Open'])), handlers: new Map([['Open', async (event: any) => void (token = event.token)]]) }],
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
    await eventually(async () => (token ? true : undefined), 5000, 'the task to be opened');
    await engine.sendTaskFailure({ taskToken: token, error: 'PlacementDeclined', cause: 'no bed' });
    await new Promise((resolve) => setTimeout(resolve, 50)); // past the point where Node reports unhandled rejections
    release();
    const done = await eventually(async () => {
      const described = await engine.describeExecution(executionArn);
      return described.status === 'RUNNING' ? undefined : described;
    }, 5000, 'the execution to end');
    expect(unhandled).toEqual([]);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).declined.Error).toBe('PlacementDeclined');
  } finally {
    process.off('unhandledRejection', onUnhandled);
    engine.shutdown();
  }
});
