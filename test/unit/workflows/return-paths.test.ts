// The non-refoulement guard, proved on the ASL itself: no path of any workflow — through every
// Choice rule and Default, every Parallel branch, Map iterator and Catch — reaches a return step
// without the hold check's "clear" outcome immediately before it. The walker is general, and shown
// to fail on definitions with a bypass.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { guardClearField, guardTask, returnTaskKinds } from '../../../functions/domain/non-refoulement.ts';
import { walkPaths, type GuardRules } from '../../helpers/asl-paths.ts';

const folder = resolve(import.meta.dirname, '../../../workflows');
const definitions = readdirSync(folder)
  .filter((name) => name.endsWith('.asl.json'))
  .map((name) => [name, JSON.parse(readFileSync(resolve(folder, name), 'utf8'))] as const);

const rules: GuardRules = {
  isCheck: (state) => state.Type === 'Task' && state.Parameters?.FunctionName === `\${${guardTask}}`,
  clearField: guardClearField,
  isProtected: (state) => state.Type === 'Task' && (returnTaskKinds as readonly string[]).includes(state.Parameters?.Payload?.taskKind),
};

const solution = () => structuredClone(definitions.find(([name]) => name === 'solution.asl.json')![1]);

describe('every path of every workflow', () => {
  test.each(definitions)('%s: no return step without the hold check clearing it immediately before', (_name, definition) => {
    const walked = walkPaths(definition, rules);
    expect(walked.unguarded).toEqual([]);
    expect(walked.nodesWalked).toBeGreaterThan(0);
  });

  test('the solution workflow has both return steps (an adult’s travel, a child’s handover), so the walk above meant something', () => {
    const walked = walkPaths(solution(), rules);
    expect(walked.protectedSteps.sort()).toEqual(['root/ArrangeReturnTravel', 'root/HandOverChild']);
  });
});

describe('the walker finds a bypass', () => {
  const unguarded = (definition: any) => walkPaths(definition, rules).unguarded;
  const returnStep = (extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: '${OpenTask}', Payload: { taskKind: 'return-travel' } }, ...extra });
  const check = (next: string, extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: `\${${guardTask}}` }, ResultSelector: { 'result.$': '$.Payload' }, ResultPath: '$.guard', Next: next, ...extra });
  const clearChoice = (next: string) => ({ Type: 'Choice', Choices: [{ Variable: '$.guard.result.clear', BooleanEquals: true, Next: next }], Default: 'Held' });
  const held = { Type: 'Succeed' };

  test('a guarded machine passes', () => {
    expect(unguarded({ StartAt: 'Check', States: { Check: check('Clear'), Clear: clearChoice('Return'), Return: returnStep({ End: true }), Held: held } })).toEqual([]);
  });

  test('a Choice rule that jumps past the check (the real solution workflow, edited)', () => {
    const bypass = solution();
    bypass.States.SolutionKind.Choices[1].Next = 'ArrangeReturnTravel';
    expect(unguarded(bypass)).toEqual([['ChildOrAdult', 'SolutionKind (via Default)', 'ArrangeReturnTravel (via rule 1)']]);
  });

  test('a Default of the clear Choice that leads to the return anyway', () => {
    const bypass = solution();
    bypass.States.HandoverClear.Default = 'HandOverChild';
    expect(unguarded(bypass).map((path) => path.at(-1))).toEqual(['HandOverChild (via Default)']);
  });

  test('a Catch of the check that goes on to the return', () => {
    expect(unguarded({ StartAt: 'Check', States: { Check: check('Clear', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Return' }] }), Clear: clearChoice('Return'), Return: returnStep({ End: true }), Held: held } })).toHaveLength(1);
  });

  test('a state between the clear outcome and the return (the check is no longer immediately before)', () => {
    expect(unguarded({ StartAt: 'Check', States: { Check: check('Clear'), Clear: clearChoice('Pause'), Pause: { Type: 'Wait', Seconds: 5, Next: 'Return' }, Return: returnStep({ End: true }), Held: held } })).toHaveLength(1);
  });

  test('a Choice on something else than the check’s clear field, or composed with it', () => {
    const on = (rule: Record<string, unknown>) => ({ StartAt: 'Check', States: { Check: check('Clear'), Clear: { Type: 'Choice', Choices: [{ ...rule, Next: 'Return' }], Default: 'Held' }, Return: returnStep({ End: true }), Held: held } });
    expect(unguarded(on({ Variable: '$.guard.result.reasons', IsPresent: true }))).toHaveLength(1);
    expect(unguarded(on({ Variable: '$.guard.result.clear', BooleanEquals: false }))).toHaveLength(1);
    expect(unguarded(on({ Not: { Variable: '$.guard.result.clear', BooleanEquals: false } }))).toHaveLength(1);
  });

  test('a clear Choice entered without the check (a second way into it)', () => {
    expect(unguarded({ StartAt: 'Start', States: { Start: { Type: 'Choice', Choices: [{ Variable: '$.x', BooleanEquals: true, Next: 'Check' }], Default: 'Clear' }, Check: check('Clear'), Clear: clearChoice('Return'), Return: returnStep({ End: true }), Held: held } })).toHaveLength(1);
  });

  test('a return inside a Parallel branch or a Map iterator, with the check outside it', () => {
    const parallel = { StartAt: 'Check', States: { Check: check('Clear'), Clear: clearChoice('Both'), Both: { Type: 'Parallel', Branches: [{ StartAt: 'Return', States: { Return: returnStep({ End: true }) } }], End: true }, Held: held } };
    expect(unguarded(parallel)).toEqual([expect.arrayContaining(['Return (via branch 0)'])]);
    const map = { StartAt: 'Check', States: { Check: check('Clear'), Clear: clearChoice('Each'), Each: { Type: 'Map', ItemProcessor: { StartAt: 'Return', States: { Return: returnStep({ End: true }) } }, End: true }, Held: held } };
    expect(unguarded(map)).toEqual([expect.arrayContaining(['Return (via item 0)'])]);
  });

  test('a loop back into the return step after it ran', () => {
    expect(unguarded({ StartAt: 'Check', States: { Check: check('Clear'), Clear: clearChoice('Return'), Return: returnStep({ Next: 'Again' }), Again: { Type: 'Pass', Next: 'Return' }, Held: held } })).toHaveLength(1);
  });
});
