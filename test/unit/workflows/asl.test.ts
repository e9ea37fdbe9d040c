// The ASL files: valid, JSONPath only, and within the conventions both hosts rely on.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, test } from 'vitest';
import { system } from '../../../system/system.ts';
import { prepareDefinition } from '../../../infra/local/step-functions/prepare-definition.ts';
import { callbackTimeoutSeconds, workflowPolicy } from '../../../functions/domain/policy.ts';

type State = Record<string, any>;
/** Every state of a machine, inside Parallel branches too. */
function* states(all: Record<string, State>): Generator<[string, State]> {
  for (const [name, state] of Object.entries(all)) {
    yield [name, state];
    for (const branch of state.Branches ?? []) yield* states(branch.States);
  }
}

const root = resolve(import.meta.dirname, '../../..');

describe.each(system.workflows.map((workflow) => [workflow.name, workflow] as const))('workflow %s', (_name, workflow) => {
  const text = readFileSync(resolve(root, workflow.definition), 'utf8');
  const definition = JSON.parse(text);

  test('passes asl-validator', () => {
    const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  test('uses nothing a replay could not repeat, and binds every placeholder', () => {
    expect(text).not.toMatch(/States\.(UUID|MathRandom)|HeartbeatSeconds|ItemReader|JSONata/);
    const used = new Set([...text.matchAll(/"\$\{(\w+)\}"/g)].map((match) => match[1]));
    expect([...used].sort()).toEqual(Object.keys(workflow.tasks).sort());
    // The local host's preparation accepts it (unique state names, supported resources).
    expect(() => prepareDefinition(definition, new Set(Object.keys(workflow.tasks)))).not.toThrow();
  });

  test('every callback task sets the TimeoutSeconds safety cap, which outlasts every deadline and the sweep', () => {
    const callbacks = [...text.matchAll(/waitForTaskToken"[\s\S]*?"TimeoutSeconds": (\d+)/g)];
    expect(callbacks.length).toBe((text.match(/waitForTaskToken/g) ?? []).length);
    for (const [, seconds] of callbacks) expect(Number(seconds)).toBe(callbackTimeoutSeconds);
    const sweep = system.schedules.find((schedule) => schedule.name === 'overdue-sweep')!.everySeconds;
    for (const deadline of Object.values(workflowPolicy.taskDeadlineSeconds)) expect(deadline + sweep).toBeLessThan(callbackTimeoutSeconds);
  });

  const tasks = [...states(definition.States)].filter(([, state]) => state.Type === 'Task');

  test('every Lambda task retries every transient Lambda client error', () => {
    for (const [name, state] of tasks) {
      const retried = new Set((state.Retry ?? []).flatMap((retry: { ErrorEquals: string[] }) => retry.ErrorEquals));
      for (const error of ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.ClientExecutionTimeoutException']) {
        expect({ name, error, retried: retried.has(error) }).toEqual({ name, error, retried: true });
      }
    }
  });

  test('every task has a Catch: a failure is recorded, and a failure to record it ends only its branch', () => {
    for (const [name, state] of tasks) expect({ name, caught: (state.Catch ?? []).some((c: { ErrorEquals: string[] }) => c.ErrorEquals.includes('States.ALL')) }).toEqual({ name, caught: true });
  });

  test('workflow payloads carry ids and outcome words, never a person or a decision', () => {
    for (const [name, state] of [...states(definition.States)]) {
      const payload = JSON.stringify(state.Parameters ?? {}) + JSON.stringify(state.ResultSelector ?? {});
      expect({ name, payload }).not.toEqual({ name, payload: expect.stringMatching(/person|peopleIdentified|inspection\.\$|"\$\.decision"|\$\.(urgent|inspection)\b|guardianName|notes/) });
    }
  });
});
