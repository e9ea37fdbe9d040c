// The ASL files: valid, JSONPath only, and within the conventions both hosts rely on.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, test } from 'vitest';
import { system } from '../../../system/system.ts';
import { prepareDefinition } from '../../../infra/local/step-functions/prepare-definition.ts';

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

  test('every callback task sets a TimeoutSeconds safety cap', () => {
    const callbacks = [...text.matchAll(/waitForTaskToken"[\s\S]*?"TimeoutSeconds": (\d+)/g)];
    expect(callbacks.length).toBe((text.match(/waitForTaskToken/g) ?? []).length);
  });
});
